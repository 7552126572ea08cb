/**
 * `npm run --silent job -- <birthday-greetings|lapsed-guests> --at <ISO instant>`: runs a daily job for any instant
 * against the running system (`npm start`), exactly as its schedule would, and prints what it sent and skipped.
 */
import { parseArgs } from 'node:util';
import { readInstant, runCommand, UsageError } from './bus-commands.ts';
import { runJobAgainstRunningSystem, scheduledJobs } from './running-system.ts';

const usage = `usage: npm run --silent job -- <${scheduledJobs.map((j) => j.name).join('|')}> --at <ISO-8601 instant, e.g. 2029-06-20T02:00:00Z>`;

await runCommand(usage, async () => {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { at: { type: 'string' } } });
  const job = scheduledJobs.find((j) => j.name === positionals[0]);
  if (!job) throw new UsageError(`unknown job ${positionals[0] ?? '(none)'}`);
  const at = readInstant(values.at, 'at');
  const report = await runJobAgainstRunningSystem(job, at);
  console.log(`${job.name} at ${at.toISOString()}: ${report.sent.length} sent, ${report.skipped.length} skipped`);
  for (const s of report.sent) console.log(`  sent     ${s.guestId}  (${s.propertyId}, ${s.period})`);
  for (const s of report.skipped) console.log(`  skipped  ${s.guestId}  ${s.reason}`);
});
