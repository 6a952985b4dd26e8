export * from './channel_select.js';
export * from './config.js';
