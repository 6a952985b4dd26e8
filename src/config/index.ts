export * from './config_error.js';
export * from './show_value.js';
export * from './suggest.js';
export * from './format_errors.js';
export * from './refine.js';
export * from './numbers.js';
export * from './with_defaults.js';
export * from './decode.js';
