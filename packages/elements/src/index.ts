export { defineAll, defineElement, tagName } from './define.js';
export type { DefineOptions } from './define.js';
