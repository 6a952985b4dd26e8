import { inject } from 'vitest';
import { inNode } from './backend.js';

const fixturesDir = inject('fixturesDir');
const dataDir = inject('dataDir');

/** Reads a file from the golden fixtures, or `undefined` when the folder is absent. */
export async function readFixture(name: string): Promise<Uint8Array | undefined> {
  return readShared(`${fixturesDir}/${name}`);
}

/** Reads a file from the shared image sets, or `undefined` when it is absent. */
export async function readData(relative: string): Promise<Uint8Array | undefined> {
  return readShared(`${dataDir}/${relative}`);
}

/** The shared image sets' folder, for Node-only tests that walk it. */
export const sharedDataDir = dataDir;

async function readShared(path: string): Promise<Uint8Array | undefined> {
  if (inNode) {
    const fs = await import('node:fs/promises');
    try {
      return new Uint8Array(await fs.readFile(path));
    } catch {
      return undefined;
    }
  }
  const res = await fetch(`/@fs${path}`);
  if (!res.ok) return undefined;
  return new Uint8Array(await res.arrayBuffer());
}
