#!/usr/bin/env node
/**
 * Builds the documentation: the package (the site imports its dist/ as an app would), the
 * static site (`site/dist`), and the TypeDoc reference with the guides (`site/dist/api`).
 * Prints TypeDoc's warnings and the public exports whose comment has no `@example`.
 *
 *   node scripts/docs.mjs [--api-only] [--no-build] [--strict]
 *
 * --no-build uses the dist/ already there; --strict exits non-zero when TypeDoc warns.
 */
import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Application, LogLevel, ReflectionKind, TSConfigReader, TypeDocReader } from 'typedoc';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const run = (cmd, argv) => execFileSync(cmd, argv, { cwd: repo, stdio: 'inherit' });

if (!args.has('--api-only')) {
  if (!args.has('--no-build')) run('npx', ['tsc', '-p', 'tsconfig.json']);
  // Vite empties site/dist first, so the reference is generated after it.
  run('npx', ['vite', 'build', '--config', 'site/vite.config.ts', '--logLevel', 'warn']);
}

const app = await Application.bootstrapWithPlugins({ options: resolve(repo, 'typedoc.json') }, [new TypeDocReader(), new TSConfigReader()]);
let warnings = 0;
const log = app.logger;
const original = log.log.bind(log);
log.log = (message, level) => {
  if (level === LogLevel.Warn) warnings++;
  original(message, level);
};
const project = await app.convert();
if (!project) {
  console.error('docs: TypeDoc could not convert the project');
  process.exit(1);
}
app.validate(project);
await app.generateOutputs(project);

// Callable and constructible exports are the ones a reader wants to see in use.
const wanted = ReflectionKind.Function | ReflectionKind.Class | ReflectionKind.Variable;
const missing = [];
for (const r of project.getReflectionsByKind(wanted)) {
  if (r.parent?.kindOf(ReflectionKind.Module | ReflectionKind.Project) !== true) continue;
  const comments = [r.comment, ...(r.signatures ?? []).map((s) => s.comment)].filter(Boolean);
  if (!comments.some((c) => c.getTag('@example'))) missing.push(`${r.parent.name}: ${r.name}`);
}
console.log(`\ndocs: ${missing.length} exported functions, classes and constants have no @example:`);
for (const m of missing.sort()) console.log(`  ${m}`);
console.log(`docs: ${warnings} TypeDoc warning(s); site in site/dist, reference in site/dist/api`);
if (args.has('--strict') && warnings > 0) process.exit(1);
