export * from './cognito-protected-http-api';
export * from './api-route';
export * from './route-authorization';
export * from './whoami-function';
