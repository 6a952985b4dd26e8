export * from './generator.js';
export * from './config.js';
