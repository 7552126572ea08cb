/**
 * `npm run --silent replay -- --from <instant> --to <instant>`: delivers again every archived guest event whose
 * `time` lies in the range, on the system `npm start` is running, and prints how many.
 * With `--aws [--stage <stage>] [--event-bus-name <name>]`: starts an EventBridge replay of the deployed bus archive.
 */
import { parseArgs } from 'node:util';
import { createAwsClients, deploymentNames, startArchiveReplay } from './aws-bus-commands.ts';
import { readRange, replayOnLocalBus, runCommand, runningBusEndpoint, UsageError } from './bus-commands.ts';

const usage = `usage: npm run --silent replay -- --from <ISO-8601 instant> --to <ISO-8601 instant>
       npm run --silent replay -- --aws [--stage dev | --event-bus-name <name>] --from <instant> --to <instant>`;

await runCommand(usage, async () => {
  const { values } = parseArgs({
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      aws: { type: 'boolean', default: false },
      stage: { type: 'string' },
      'event-bus-name': { type: 'string' },
    },
  });
  const range = readRange(values);
  if (!values.aws && (values.stage || values['event-bus-name'])) throw new UsageError('--stage and --event-bus-name go with --aws');
  const period = `from ${range.from.toISOString()} to ${range.to.toISOString()}`;
  if (values.aws) {
    const eventBusName = values['event-bus-name'] ?? deploymentNames(values.stage ?? 'dev').eventBusName;
    const { events } = createAwsClients();
    const { replayName, archiveName } = await startArchiveReplay(events, { eventBusName, ...range, now: new Date() });
    console.log(`started replay ${replayName} of archive ${archiveName} onto ${eventBusName}, events ${period}`);
    console.log(`follow it with: aws events describe-replay --replay-name ${replayName}`);
  } else {
    const { replayed, replayName } = await replayOnLocalBus(runningBusEndpoint(), range);
    console.log(`replayed ${replayed} archived events ${period} on the local bus (${replayName})`);
    if (replayed > 0) console.log('the recorders handle them in the `npm start` window; failures end in .local/dead-letters.jsonl');
  }
});
