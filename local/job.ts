/**
 * `npm run --silent job -- <birthday-greetings|lapsed-guests|value-segments> --property <id> --at <ISO instant>`: runs a
 * daily job for one property and any instant against the running system (`npm start`), exactly as that property's
 * schedule would, and prints what it sent and skipped (a campaign) or what it found (the value segmentation).
 */
import { parseArgs } from 'node:util';
import { findProperty, properties } from '#shared/config/properties';
import { readInstant, runCommand, UsageError } from './bus-commands.ts';
import { runJobAgainstRunningSystem, scheduledJobs } from './running-system.ts';

const propertyIds = properties.map((p) => p.id).join('|');
const usage = `usage: npm run --silent job -- <${scheduledJobs.map((j) => j.name).join('|')}> --property <${propertyIds}> --at <ISO-8601 instant, e.g. 2029-06-20T02:00:00Z>`;

await runCommand(usage, async () => {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { at: { type: 'string' }, property: { type: 'string' } } });
  const job = scheduledJobs.find((j) => j.name === positionals[0]);
  if (!job) throw new UsageError(`unknown job ${positionals[0] ?? '(none)'}`);
  if (!values.property) throw new UsageError('--property is required: the run handles one property, as its schedule does');
  const property = findProperty(values.property);
  if (!property) throw new UsageError(`--property must be one of ${propertyIds}, not ${values.property}`);
  const at = readInstant(values.at, 'at');
  const report = await runJobAgainstRunningSystem(job, property.id, at);
  if (!('sent' in report)) {
    // Not a campaign: its report is counts and guest ids.
    console.log(`${job.name} for ${property.id} at ${at.toISOString()}:`);
    console.log(JSON.stringify(report, null, 2));
    return;
  }
  console.log(`${job.name} for ${property.id} at ${at.toISOString()}: ${report.sent.length} sent, ${report.skipped.length} skipped`);
  for (const s of report.sent) console.log(`  sent     ${s.guestId}  (${s.propertyId}, ${s.period})`);
  for (const s of report.skipped) console.log(`  skipped  ${s.guestId}  ${s.reason}`);
});
