#!/usr/bin/env node
/**
 * The `ocr-gan` command: train, evaluate and score OCR-GAN models on image folders.
 * See `docs/cli.md` or run `ocr-gan --help`.
 * @packageDocumentation
 */
import { runCli } from './run.js';

const code = await runCli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTty: Boolean(process.stderr.isTTY),
});
// Let stdout drain before exiting, so piped JSON is never cut short.
process.exitCode = code;
