export * from './channel_select.js';
export * from './config.js';
export { PositiveInt, PowerOfTwo, type PositiveIntBrand } from './codecs.js';
