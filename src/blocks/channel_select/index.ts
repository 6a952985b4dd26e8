export * from './channel_select.js';
export * from './config.js';
export { PositiveInt, PowerOfTwo } from './codecs.js';
