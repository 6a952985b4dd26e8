export * from './stream.js';
export * from './textures.js';
export * from './defects.js';
export * from './synthetic.js';
