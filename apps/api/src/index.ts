export { API_PREFIX, createApiApp, listenApi } from './api.app';
