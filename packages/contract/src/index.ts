export * from './enums.js';
export * from './errors.js';
export * from './requests.js';
export * from './entities.js';
export * from './api.js';
export * from './routes.js';
export * from './validation.js';
export * from './control.js';
