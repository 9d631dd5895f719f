export { API_PREFIX, createApiApp, listenApi } from './api.app';
export { isWebAppBuilt } from './web/web-app';
