import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root, whatever the working directory the local runtime was started from. */
export const projectRoot = fileURLToPath(new URL('..', import.meta.url));

/** Local state (DynamoDB data, signing keys, bus archive): gitignored, safe to delete for a fresh start. */
export const localStateDir = join(projectRoot, '.local');

/** Local state holds guest data (the table, the bus archive, dead letters): only its owner may read it. */
export const privateDirMode = 0o700;
export const privateFileMode = 0o600;

/** Creates `dir` readable by its owner only, or narrows an existing one to that. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: privateDirMode });
  chmodSync(dir, privateDirMode);
}

/** Narrows an existing file to its owner; a missing file is created later with `privateFileMode`. */
export function narrowToOwner(file: string): void {
  if (existsSync(file)) chmodSync(file, privateFileMode);
}
