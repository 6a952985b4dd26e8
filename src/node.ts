/**
 * The Node-only part of ocr-gan: the atomic `file://` checkpoint handler and file-system
 * readers. Browser bundles never import this entry point.
 * @packageDocumentation
 */
export * from './io/file_handler.node.js';
