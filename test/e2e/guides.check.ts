/**
 * Type-checks every complete program in the guides (a ```ts block that starts with an
 * import) against the package's sources, so the guides cannot drift from the API; with
 * `--run NAME` it also runs the blocks of one guide (e.g. `--run composing`) with tsx.
 *
 *   npx tsx test/e2e/guides.check.ts [--run composing]
 *
 * The programs are written under node_modules/.cache (git-ignored) with `ocr-gan` pointed at
 * src/. Exits non-zero when a block does not type-check or a run fails.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const out = join(repo, 'node_modules/.cache/ocr-gan-guides');
const { values } = parseArgs({ options: { run: { type: 'string' } } });

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
// Top-level await needs ESM; under node_modules the repository's package.json does not decide.
writeFileSync(join(out, 'package.json'), '{ "type": "module" }\n');
const toSrc = (entry: string) => relative(out, join(repo, 'src', entry)).replaceAll('\\', '/');
const files: { guide: string; file: string }[] = [];
for (const name of readdirSync(join(repo, 'docs')).filter((f) => f.endsWith('.md'))) {
  const text = readFileSync(join(repo, 'docs', name), 'utf8');
  let i = 0;
  for (const m of text.matchAll(/```ts\n([\s\S]*?)```/g)) {
    const code = m[1] as string;
    if (!/^import /m.test(code.split('\n')[0] ?? '')) continue;
    const guide = name.replace(/\.md$/, '');
    const file = join(out, `${guide}.${++i}.ts`);
    writeFileSync(
      file,
      // Each block is its own module (top-level await needs one).
      `${code.replaceAll("from 'ocr-gan/node'", `from '${toSrc('node.js')}'`).replaceAll("from 'ocr-gan'", `from '${toSrc('index.js')}'`)}\nexport {};\n`,
    );
    files.push({ guide, file });
  }
}
writeFileSync(
  join(out, 'tsconfig.json'),
  JSON.stringify({
    extends: relative(out, join(repo, 'tsconfig.check.json')),
    compilerOptions: { noEmit: true, noUnusedLocals: false, types: ['node'] },
    include: ['*.ts'],
    exclude: [],
  }),
);
console.log(`guides: type-checking ${files.length} programs: ${files.map((f) => relative(out, f.file)).join(', ')}`);
let failed = false;
try {
  execFileSync('npx', ['tsc', '-p', join(out, 'tsconfig.json')], { cwd: repo, stdio: 'inherit' });
  console.log('guides: every program type-checks');
} catch {
  failed = true;
  console.error('guides: type errors above (file names are the guide and the block number)');
}
if (values.run && !failed) {
  for (const f of files.filter((x) => x.guide === values.run)) {
    console.log(`guides: running ${relative(out, f.file)}`);
    try {
      execFileSync('npx', ['tsx', f.file], { cwd: repo, stdio: 'inherit' });
    } catch {
      failed = true;
      console.error(`guides: ${relative(out, f.file)} failed`);
    }
  }
}
process.exit(failed ? 1 : 0);
