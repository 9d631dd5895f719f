export { API_PREFIX, createApiApp, listenApi } from './api.app';
export { isWebAppBuilt } from './web/web-app';
export { ACCESS_EXTENSIONS, type DealAccess } from './auth/auth.decorators';
