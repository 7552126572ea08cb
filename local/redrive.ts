/**
 * `npm run --silent redrive`: delivers every dead letter in .local/dead-letters.jsonl again to the function that
 * failed it, on the system `npm start` is running; removes from the file those now handled, keeps the rest.
 * With `--aws [--stage <stage>] [--stack <name>]`: the same for the dead-letter queues of a deployed stage.
 */
import { parseArgs } from 'node:util';
import { createAwsClients, deploymentNames, redriveDeadLetterQueues } from './aws-bus-commands.ts';
import { redriveOnLocalBus, runCommand, runningBusEndpoint, UsageError } from './bus-commands.ts';

const usage = `usage: npm run --silent redrive
       npm run --silent redrive -- --aws [--stage dev | --stack <stateless stack name>]`;

await runCommand(usage, async () => {
  const { values } = parseArgs({ options: { aws: { type: 'boolean', default: false }, stage: { type: 'string' }, stack: { type: 'string' } } });
  if (!values.aws && (values.stage || values.stack)) throw new UsageError('--stage and --stack go with --aws');
  if (values.aws) {
    const stackName = values.stack ?? deploymentNames(values.stage ?? 'dev').statelessStackName;
    const { queues, redriven, kept } = await redriveDeadLetterQueues(createAwsClients(), stackName);
    console.log(`${stackName}: ${queues} dead-letter queues, ${redriven} messages redriven and deleted, ${kept.length} kept`);
    for (const k of kept) console.log(`  kept  ${k.messageId}  ${k.reason}  (${k.queueUrl})`);
  } else {
    const { succeeded, failed } = await redriveOnLocalBus(runningBusEndpoint());
    if (succeeded + failed.length === 0) console.log('no dead letters in .local/dead-letters.jsonl');
    else console.log(`${succeeded + failed.length} dead letters: ${succeeded} handled and removed, ${failed.length} still failing and kept`);
    for (const f of failed) console.log(`  kept  ${f.eventId} -> ${f.functionName}: ${f.error}`);
  }
});
