/**
 * The Mr. Yu story, played over HTTP against a running system the way the terminals would, and told for a person:
 * the greetings the front desk and the restaurant would say, then the birthday email the daily job sends him.
 * `npm run demo` (local/demo.ts) plays it against what `npm start` runs; the end-to-end test plays the same story
 * against a system of its own.
 *
 * Every date is in the past, relative to today, so the API (which refuses times in the future) takes the story on
 * any day: a first stay in June, a second some months later, just over three years ago, and his birthday today,
 * three years after that second stay ended, when the Oriental's card goes out.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { requireProperty } from '#shared/config/properties';
import { isLeapYear, toLocalDate, toLocalDateTime } from '#shared/domain/dates';
import { environmentNames } from '#shared/wiring';
import type { TokenRequest } from './jwt.ts';
import { runJobInEnvironment, scheduledJobs, type JobReport } from './running-system.ts';
import { readOutbox } from './ses.ts';

const property = requireProperty('bangkok');
/** Asia/Bangkok keeps UTC+7 all year: story times are written at the property's wall clock with this offset. */
const propertyOffset = '+07:00';
const dayMs = 86_400_000;

export interface StoryDates {
  readonly firstCheckIn: string;
  readonly firstBreakfast: string;
  readonly note: string;
  readonly firstDeparture: string;
  readonly secondCheckIn: string;
  /** The morning after the second check-in, when the restaurant reads his card. */
  readonly secondMorning: string;
  readonly secondDeparture: string;
  /** His birthday is today at the property; the year is long past. */
  readonly birthDate: string;
  /** The birthday job's run: 09:00 at the property today (its daily schedule's local time), or now if that is still ahead. */
  readonly birthdayRunAt: Date;
}

/** `date` (YYYY-MM-DD) moved by whole days. */
function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
}

/** `date` moved by whole years; 29 February becomes 28 February in a year without one. */
function addYears(date: string, years: number): string {
  const year = Number(date.slice(0, 4)) + years;
  const monthDay = date.slice(5) === '02-29' && !isLeapYear(year) ? '02-28' : date.slice(5);
  return `${String(year).padStart(4, '0')}-${monthDay}`;
}

const at = (date: string, time: string) => `${date}T${time}:00${propertyOffset}`;

/**
 * The story's dates for a demo played at `now`. The second stay ends three years and three weeks before today, so
 * on his birthday (today) he has been away three whole years (campaign-rules' wholeYearsBetween) whatever the day;
 * the first stay is in the latest June at least three months before the second.
 */
export function planStory(now: Date): StoryDates {
  const today = toLocalDate(now, property.timeZone);
  const secondDepartureOn = addDays(addYears(today, -3), -21);
  const secondCheckInOn = addDays(secondDepartureOn, -3);
  const secondYear = Number(secondCheckInOn.slice(0, 4));
  const firstYear = secondCheckInOn >= `${secondYear}-09-07` ? secondYear : secondYear - 1;
  const morningRun = new Date(at(today, '09:00'));
  return {
    firstCheckIn: at(`${firstYear}-06-07`, '14:05'),
    firstBreakfast: at(`${firstYear}-06-08`, '07:32'),
    note: at(`${firstYear}-06-08`, '18:00'),
    firstDeparture: at(`${firstYear}-06-09`, '11:00'),
    secondCheckIn: at(secondCheckInOn, '15:00'),
    secondMorning: at(addDays(secondCheckInOn, 1), '07:40'),
    secondDeparture: at(secondDepartureOn, '11:00'),
    // 1968 is a leap year: a 29 February today gives a real birth date.
    birthDate: `1968-${today.slice(5)}`,
    birthdayRunAt: morningRun <= now ? morningRun : now,
  };
}

export interface DemoOptions {
  /** The running system's API, e.g. `http://127.0.0.1:3000`. */
  readonly apiUrl: string;
  /** The handlers' environment of the running system (its `runtime.json`): the job runs with it, in this process. */
  readonly environment: Record<string, string>;
  /** Signs staff tokens with the running system's key. */
  readonly signToken: (request: TokenRequest) => Promise<string>;
  /** Also print every answer in full, as JSON. */
  readonly json?: boolean;
  readonly log?: (line: string) => void;
  /** The demo's "today" (default: now); the story's dates are all before it. */
  readonly now?: Date;
}

export interface DemoResult {
  readonly guestId: string;
  readonly email: string;
  readonly dates: StoryDates;
}

/** A failure the person running the demo can act on, said in one line. */
export class DemoError extends Error {
  override name = 'DemoError';
}

type Role = 'frontdesk' | 'restaurant';

/** Resolves when the system answers its health check at `apiUrl`; a DemoError saying what answered otherwise. */
export async function checkSystemAnswers(apiUrl: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(`${apiUrl}/v1/health`, { signal: AbortSignal.timeout(5_000) });
  } catch {
    throw new DemoError(`nothing answers at ${apiUrl}`);
  }
  const body = (await response.json().catch(() => undefined)) as { status?: unknown } | undefined;
  if (!response.ok || body?.status !== 'ok') throw new DemoError(`${apiUrl} answered ${response.status}, not as the guest recognition API`);
}

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const { apiUrl, environment, signToken, json = false } = options;
  const log = options.log ?? ((line: string) => console.log(line));
  const dates = planStory(options.now ?? new Date());
  const tokens = new Map<Role, Promise<string>>();

  // biome-ignore lint/suspicious/noExplicitAny: the story reads the answers as the README documents them; the typed client is the web app's
  async function call(role: Role, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    if (!tokens.has(role)) tokens.set(role, signToken({ role, propertyId: property.id, subject: `demo-${role}` }));
    const response = await fetch(`${apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${await tokens.get(role)}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const payload = await response.json().catch(() => undefined);
    if (!response.ok && response.status !== 404) {
      throw new DemoError(`${method} ${path.split('?')[0]} answered ${response.status}: ${JSON.stringify(payload)}`);
    }
    return { status: response.status, body: payload };
  }

  /** The recorders apply events a moment after the API accepts them (the bus delivers them): wait until readable. */
  async function waitFor<T>(what: string, read: () => Promise<T | undefined>): Promise<T> {
    for (let i = 0; i < 200; i++) {
      const value = await read();
      if (value !== undefined) return value;
      await sleep(100);
    }
    throw new DemoError(`${what} was not recorded within 20 seconds: see the system's log in the \`npm start\` terminal.`);
  }

  const show = (title: string, value: unknown) => {
    if (json) log(`   ── ${title}\n${JSON.stringify(value, null, 2).replace(/^(?=.)/gm, '   ')}`);
  };
  const when = (instant: string) => {
    const local = toLocalDateTime(instant, property.timeZone);
    return `${local.date} ${local.time}`;
  };

  await checkSystemAnswers(apiUrl);
  const run = randomBytes(3).toString('hex');
  const guest = {
    title: 'Mr',
    firstName: 'Wei',
    lastName: 'Yu',
    email: `mr.yu.${run}@example.com`,
    birthDate: dates.birthDate,
    language: 'en',
    marketingConsent: true,
  };
  const [firstRoom, secondRoom] = await vacantRooms(await call('frontdesk', 'GET', `/v1/properties/${property.id}/in-house`), 2);

  log(`Mr. Yu at ${property.name}, played against ${apiUrl} (guest ${guest.email}); times are the hotel's (${property.timeZone}).`);

  log(`\n1. ${when(dates.firstCheckIn)}: Mr. Yu checks in to room ${firstRoom}, his first stay.`);
  const firstCheckIn = await call('frontdesk', 'POST', '/v1/check-ins', { propertyId: property.id, room: firstRoom, at: dates.firstCheckIn, guest });
  show('front desk: check-in answer', firstCheckIn.body);
  const guestId = await waitFor('The first check-in', async () => {
    const card = await call('frontdesk', 'GET', `/v1/properties/${property.id}/rooms/${firstRoom}/recognition`);
    return card.status === 200 && card.body.fullName === 'Wei Yu' ? (card.body.guestId as string) : undefined;
  });

  const items = ['1 x sandwich', '1 x coffee', '1 x egg'];
  const noteText = 'Ate only the bananas from the fruit basket';
  log(`2. ${when(dates.firstBreakfast)}: breakfast at the Terrace, the seat by the second window (W2): ${items.join(', ')}.`);
  const breakfast = await call('restaurant', 'POST', '/v1/dining', {
    propertyId: property.id,
    outlet: 'terrace',
    room: firstRoom,
    table: 'W2',
    items,
    partySize: 1,
    at: dates.firstBreakfast,
  });
  show('restaurant: dining answer', breakfast.body);
  log(`   ${when(dates.note)}: the front desk notes "${noteText}".`);
  await call('frontdesk', 'POST', `/v1/guests/${guestId}/notes`, { category: 'food', text: noteText, at: dates.note });

  log(`3. ${when(dates.firstDeparture)}: he departs.`);
  await call('frontdesk', 'POST', '/v1/departures', { propertyId: property.id, room: firstRoom, at: dates.firstDeparture });
  await waitFor('The first departure', async () => {
    const card = await call('frontdesk', 'GET', `/v1/guests/${guestId}/recognition`);
    return card.body.inHouse === null && card.body.notes.length === 1 && card.body.dining.length === 1 ? true : undefined;
  });

  log(`\n4. ${when(dates.secondCheckIn)}: he checks in again, to room ${secondRoom}. The front desk knows him at once:`);
  // The same guest, whatever the case of his address: an email identifies him together with his surname.
  const secondCheckIn = await call('frontdesk', 'POST', '/v1/check-ins', {
    propertyId: property.id,
    room: secondRoom,
    at: dates.secondCheckIn,
    guest: { ...guest, email: guest.email.toUpperCase() },
  });
  show('front desk: check-in answer', secondCheckIn.body);
  if (secondCheckIn.body?.returning !== true || secondCheckIn.body.guestId !== guestId) {
    throw new DemoError(`the second check-in was not recognised as Mr. Yu's (answer: returning ${secondCheckIn.body?.returning})`);
  }
  await waitFor('The second check-in', async () => {
    const card = await call('frontdesk', 'GET', `/v1/properties/${property.id}/rooms/${secondRoom}/recognition`);
    return card.status === 200 && card.body.guestId === guestId ? true : undefined;
  });
  const desk = await call('frontdesk', 'GET', `/v1/guests/${guestId}/recognition?at=${encodeURIComponent(dates.secondMorning)}`);
  show('front desk: recognition card', desk.body);
  log(`   "${welcomeBackLine(desk.body)}"`);
  for (const note of desk.body.notes as { text: string }[]) log(`   Note on his card: "${note.text}"`);

  const inHouse = await call('frontdesk', 'GET', `/v1/properties/${property.id}/in-house`);
  const listed = (inHouse.body.guests as { guestId: string; room: string; salutation: string }[]).filter((g) => g.guestId === guestId);
  show('in-house list (his entry)', listed);
  log(`5. That evening the floor staff learn the names of the guests in house: ${listed.map((g) => `room ${g.room}, ${g.salutation}`).join('; ')}.`);

  log(`6. ${when(dates.secondMorning)}: he steps out of the lift; the restaurant host looks up room ${secondRoom}:`);
  const card = await call(
    'restaurant',
    'GET',
    `/v1/properties/${property.id}/rooms/${secondRoom}/recognition?outlet=terrace&at=${encodeURIComponent(dates.secondMorning)}`,
  );
  show('restaurant: recognition card', card.body);
  log(`   "${goodMorningLine(card.body)}"`);

  log(`7. ${when(dates.secondDeparture)}: he departs. Business takes him elsewhere.`);
  await call('frontdesk', 'POST', '/v1/departures', { propertyId: property.id, room: secondRoom, at: dates.secondDeparture });
  await waitFor('The second departure', async () =>
    (await call('frontdesk', 'GET', `/v1/guests/${guestId}/recognition`)).body.inHouse === null ? true : undefined,
  );

  const runAt = dates.birthdayRunAt.toISOString();
  log(`\n8. ${when(runAt)}: his birthday, three years after he left. The daily birthday job runs`);
  log(`   (npm run --silent job -- birthday-greetings --property ${property.id} --at ${runAt}):`);
  const { report, logged } = await runJob(environment, 'birthday-greetings', property.id, dates.birthdayRunAt);
  show('birthday job log', logged.map(readLogLine));
  show('birthday job report', report);
  const sentToHim = report.sent.some((s) => s.guestId === guestId);
  const skippedHim = report.skipped.find((s) => s.guestId === guestId);
  log(
    `   ${report.sent.length} sent, ${report.skipped.length} skipped; Mr. Yu: ${sentToHim ? 'sent' : skippedHim ? `skipped, ${skippedHim.reason}` : 'not a candidate'}.`,
  );
  const sesEndpoint = environment.AWS_ENDPOINT_URL_SES;
  if (!sesEndpoint) throw new DemoError('the running system names no SES endpoint (AWS_ENDPOINT_URL_SES) in its runtime file');
  const mail = (await readOutbox(sesEndpoint)).filter((m) => m.destination.to.some((to) => to.toLowerCase().includes(guest.email))).at(-1);
  if (!mail) throw new DemoError(`no email to ${guest.email} in the outbox at ${sesEndpoint}/`);
  show('the email in the outbox', mail);
  log(`\n   From:    ${mail.from}`);
  log(`   To:      ${mail.destination.to.join(', ')}`);
  log(`   Subject: ${mail.subject}\n`);
  log((mail.body.text ?? '').trimEnd().replace(/^(?=.)/gm, '   '));
  log(`\nThe outbox, as a web page: ${sesEndpoint}/`);
  return { guestId, email: guest.email, dates };
}

/** "Welcome back, Mr. Yu: 2 stays, last in June 2023 (150 days ago)." */
export function welcomeBackLine(card: {
  salutation: string;
  stays: { count: number; lastStay: { departedOn: string } | null; daysSinceLastStay: number | null };
}): string {
  const { count, lastStay, daysSinceLastStay } = card.stays;
  if (!lastStay) return `Welcome, ${card.salutation}: first stay.`;
  const month = new Date(`${lastStay.departedOn}T00:00:00Z`).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
  return `Welcome back, ${card.salutation}: ${count} stays, last in ${month}${daysSinceLastStay === null ? '' : ` (${daysSinceLastStay} days ago)`}.`;
}

interface Usual<T> {
  readonly choice: T;
}
interface DiningSummary {
  readonly usualTable: Usual<string> | null;
  readonly usualOrder: Usual<{ name: string; quantity: number }[]> | null;
}

/** "Good morning, Mr. Yu. Your usual seat by the window, W2? The same as last time: 1 coffee, 1 egg, 1 sandwich?" */
export function goodMorningLine(card: { salutation: string; dining: DiningSummary[] }): string {
  const [usual] = card.dining;
  const parts = [`Good morning, ${card.salutation}.`];
  if (usual?.usualTable) parts.push(`Your usual seat by the window, ${usual.usualTable.choice}?`);
  if (usual?.usualOrder) parts.push(`The same as last time: ${usual.usualOrder.choice.map((item) => `${item.quantity} ${item.name}`).join(', ')}?`);
  return parts.join(' ');
}

/** Rooms on floors 12 and up that nobody is in house in now. */
function vacantRooms(inHouse: { body: { guests: { room: string }[] } }, count: number): string[] {
  const taken = new Set(inHouse.body.guests.map((g) => g.room));
  const rooms: string[] = [];
  for (let floor = 12; rooms.length < count; floor++) {
    for (let n = 1; n <= 20 && rooms.length < count; n++) {
      const room = `${floor}${String(n).padStart(2, '0')}`;
      if (!taken.has(room)) rooms.push(room);
    }
  }
  return rooms;
}

/** A log line as JSON (Powertools' lines and metrics are), or as printed when it is not. */
function readLogLine(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return line;
  }
}

/**
 * Runs a scheduled job in this process with the running system's environment, as `npm run job` does. The job's
 * own log lines (JSON, for CloudWatch) are kept apart from the story and handed back; its errors still go to stderr.
 */
async function runJob(environment: Record<string, string>, name: string, propertyId: string, at: Date): Promise<{ report: JobReport; logged: string[] }> {
  const job = scheduledJobs.find((j) => j.name === name);
  if (!job) throw new DemoError(`no scheduled job named ${name}`);
  if (!environment[environmentNames.tableName]) throw new DemoError('the runtime file names no table: it is not from `npm start`');
  const logged: string[] = [];
  const consoleLog = console.log;
  console.log = (...parts: unknown[]) => void logged.push(parts.map(String).join(' '));
  // Powertools writes through a console of its own, straight to the process's stdout.
  const stdoutWrite = process.stdout.write;
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    logged.push(
      ...String(chunk)
        .split('\n')
        .filter((line) => line.trim()),
    );
    const callback = rest.find((argument) => typeof argument === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  }) as typeof process.stdout.write;
  try {
    return { report: await runJobInEnvironment(environment, job, propertyId, at), logged };
  } finally {
    console.log = consoleLog;
    process.stdout.write = stdoutWrite;
  }
}
