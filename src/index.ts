export * from './cognito-protected-http-api';
export * from './cognito-protected-http-api-props';
export * from './api-route';
export * from './api-scope';
export * from './machine-client';
export * from './route-authorization';
export * from './user-pool-group';
export * from './whoami-function';
