/**
 * A minimal static file server for the built site. It sends COOP/COEP so pages are
 * cross-origin isolated (WASM threads and SharedArrayBuffer need that), and the right MIME
 * types; `application/wasm` matters, as `WebAssembly.instantiateStreaming` refuses others.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

export interface StaticServer {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

export async function serveStatic(rootDir: string, options: { isolate?: boolean; port?: number } = {}): Promise<StaticServer> {
  const root = resolve(rootDir);
  const isolate = options.isolate ?? true;
  const server = createServer((req, res) => {
    void (async () => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      let file = normalize(join(root, path));
      if (file !== root && !file.startsWith(root + sep)) {
        res.writeHead(403).end();
        return;
      }
      const info = await stat(file).catch(() => undefined);
      if (info?.isDirectory()) file = join(file, 'index.html');
      const ok = info && (await stat(file).catch(() => undefined))?.isFile();
      const headers: Record<string, string> = { 'Cache-Control': 'no-store' };
      if (isolate) {
        headers['Cross-Origin-Opener-Policy'] = 'same-origin';
        headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
      }
      if (!ok) {
        res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' }).end(`not found: ${path}`);
        return;
      }
      res.writeHead(200, { ...headers, 'Content-Type': MIME[extname(file).toLowerCase()] ?? 'application/octet-stream' });
      createReadStream(file).pipe(res);
    })().catch((e: unknown) => {
      res.writeHead(500).end(String(e));
    });
  });
  await new Promise<void>((ok) => server.listen(options.port ?? 0, '127.0.0.1', ok));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () => new Promise<void>((ok, fail) => server.close((e) => (e ? fail(e) : ok()))),
  };
}

// `npx tsx test/e2e/server.ts [dir] [port]` serves the built site by hand.
if (import.meta.url === `file://${process.argv[1]}`) {
  const s = await serveStatic(process.argv[2] ?? 'site/dist', { port: Number(process.argv[3] ?? 4173) });
  console.log(`serving ${process.argv[2] ?? 'site/dist'} at ${s.url} (cross-origin isolated)`);
}
