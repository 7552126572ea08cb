/**
 * `npm run demo [-- --json]`: plays the Mr. Yu story (local/demo-story.ts) against the system `npm start` is running
 * here, found the way `npm run job` finds it (`.local/runtime.json`), and prints what the front desk and the
 * restaurant would say, then his birthday email. `--json` adds every answer in full.
 */
import { parseArgs } from 'node:util';
import { environmentNames } from '#shared/wiring';
import { signToken } from './jwt.ts';
import { checkSystemAnswers, DemoError, runDemo } from './demo-story.ts';
import { readRunningEnvironment } from './running-system.ts';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

let json: boolean;
try {
  ({
    values: { json = false },
  } = parseArgs({ options: { json: { type: 'boolean' } } }));
} catch (error) {
  fail(`${(error as Error).message}\nusage: npm run demo [-- --json]`);
}

let apiUrl: string;
let environment: Record<string, string>;
try {
  environment = readRunningEnvironment();
  apiUrl = environment[environmentNames.publicApiUrl]!;
} catch {
  fail('Nothing is running here: start the system with `npm start` (in another terminal), then run the demo again.');
}

try {
  await checkSystemAnswers(apiUrl);
} catch (error) {
  // The runtime file outlives the system: it says where `npm start` was, not that it still runs.
  fail(
    `The system is not running: ${(error as Error).message}, where .local/runtime.json (left by an earlier \`npm start\`) points. Start it with \`npm start\` in another terminal.`,
  );
}

try {
  await runDemo({ apiUrl, environment, signToken, json });
  // The job's AWS clients keep their connections open; the story is told.
  process.exit(0);
} catch (error) {
  fail(error instanceof DemoError ? `The demo stopped: ${error.message}` : `The demo failed: ${error instanceof Error ? error.message : String(error)}`);
}
