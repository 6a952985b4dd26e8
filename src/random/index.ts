export * from './key.js';
export * from './sample.js';
