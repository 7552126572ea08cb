/**
 * `npm start`: the whole system on this machine, on its embedded defaults (no AWS account).
 * PORT (default 3000), EVENTBRIDGE_PORT (default 4010), LIVE_PORT (default 4020) and SES_PORT (default 8005) override
 * the ports.
 */
import { properties } from '#shared/config/properties';
import { functions } from '#shared/wiring';
import { buildWeb } from '../web/build.ts';
import { localStateDir } from './paths.ts';
import { describeSchedules } from './scheduler.ts';
import { startLocalSystem } from './system.ts';

// The staff terminals are built at every start, so the app always matches the code.
const web = await buildWeb();
const system = await startLocalSystem({
  staffAppDir: web.outdir,
  httpPort: Number(process.env.PORT ?? 3000),
  busPort: Number(process.env.EVENTBRIDGE_PORT ?? 4010),
  livePort: Number(process.env.LIVE_PORT ?? 4020),
  sesPort: Number(process.env.SES_PORT ?? 8005),
  schedules: true,
});

const routes = functions.flatMap((f) => (f.trigger === 'http' ? f.routes.map((r) => `${r.method.padEnd(6)} ${r.path}`) : []));
const schedules = describeSchedules(functions);
const rules = functions.flatMap((f) => (f.trigger === 'event' ? f.detailTypes.map((t) => `${t.padEnd(25)} -> ${f.name}`) : []));
console.log(`
Guest recognition is running locally.

  Terminals     ${system.apiUrl}/  (front desk and restaurant; local sign-in: pick a role, a property and your name)
  HTTP API      ${system.apiUrl}/v1
${routes.map((r) => `                ${r}`).join('\n')}
  Event bus     ${system.busEndpoint}  (EventBridge PutEvents, bus "${system.eventBusName}")
${rules.map((r) => `                ${r}`).join('\n')}
  Live channel  ${system.liveUrl}  (WebSocket: notices to an outlet's terminals, "Mr. Yu is coming down")
  Schedules     (on this machine's clock, per property in its time zone; run any day now: npm run --silent job -- birthday-greetings --property bangkok --at <instant>)
${schedules.map((r) => `                ${r}`).join('\n')}
  SES           ${system.sesEndpoint}  (outbox: ${system.sesEndpoint}/ , JSON at /store)
  DynamoDB      ${system.dynamoDbEndpoint}  (DynamoDB Local, table "${system.tableName}")
  Secrets       ${system.secretsManagerEndpoint}  (Secrets Manager GetSecretValue: the unsubscribe signing key, the erased-identity hash key)
  Data          ${localStateDir}  (owner-only: DynamoDB data, bus archive.jsonl, dead-letters.jsonl, deliveries.jsonl, keys)
  Properties    ${properties.map((p) => `${p.id} (${p.timeZone}; outlets ${p.outlets.map((o) => o.id).join(', ')})`).join('; ')}

  A token:      npm run --silent token -- frontdesk --property bangkok
  The story:    npm run demo
  Replay:       npm run --silent replay -- --from <instant> --to <instant>   (archived events, delivered again)
  Redrive:      npm run --silent redrive   (dead letters, to the function that failed them)
  Stop:         Ctrl+C
`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping...');
    void system.stop().then(() => process.exit(0));
  });
}
