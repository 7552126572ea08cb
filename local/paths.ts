import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root, whatever the working directory the local runtime was started from. */
export const projectRoot = fileURLToPath(new URL('..', import.meta.url));

/** Local state (DynamoDB data, signing keys, bus archive): gitignored, safe to delete for a fresh start. */
export const localStateDir = join(projectRoot, '.local');
