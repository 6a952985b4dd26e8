export * from './discriminator.js';
export * from './config.js';
