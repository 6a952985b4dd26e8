export * from './tree.js';
export * from './spec.js';
export * from './layers.js';
export * from './names.js';
