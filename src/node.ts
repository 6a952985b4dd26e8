/**
 * The Node-only part of ocr-gan: the atomic `file://` checkpoint handler and file-system
 * readers. Browser bundles never import this entry point.
 * @packageDocumentation
 */
export * from './io/file_handler.node.js';
export * from './io/images.node.js';
export * from './io/datasets.node.js';
export * from './report/report.node.js';
