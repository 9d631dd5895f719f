export { API_PREFIX, createApiApp } from './api.app';
