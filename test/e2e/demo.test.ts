/**
 * `npm run demo` tells the Mr. Yu story against the running system; here the same story (local/demo-story.ts) runs
 * against a system of the test's own, found the way the CLI finds `npm start`'s: through the runtime file it writes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSystemAnswers, DemoError, planStory, runDemo, type DemoOptions } from '#local/demo-story';
import { findFreePort } from '#local/ports';
import { wholeYearsBetween } from '#shared/domain/campaign-rules';
import { toLocalDate } from '#shared/domain/dates';
import { isBirthdayOn } from '#shared/domain/recognition-card';
import { environmentNames } from '#shared/wiring';
import { startTestSystem, type TestSystem } from './local-system.ts';

let api: TestSystem;
let demo: Omit<DemoOptions, 'log' | 'json'>;

beforeAll(async () => {
  api = await startTestSystem();
  const { handlerEnvironment } = JSON.parse(readFileSync(join(api.system.dataDir, 'runtime.json'), 'utf8')) as { handlerEnvironment: Record<string, string> };
  demo = { apiUrl: handlerEnvironment[environmentNames.publicApiUrl]!, environment: handlerEnvironment, signToken: api.system.issuer.signToken };
});
afterAll(() => api?.stop());

async function play(options: { json?: boolean } = {}) {
  const lines: string[] = [];
  const result = await runDemo({ ...demo, ...options, log: (line) => lines.push(line) });
  return { result, printed: lines.join('\n') };
}

describe('the demo, played against the local system', () => {
  it('greets Mr. Yu with his usual table and breakfast, then prints the birthday email that says he has been missed for three years', async () => {
    const { result, printed } = await play();

    const firstStayYear = result.dates.firstDeparture.slice(0, 4);
    expect(printed).toContain(`"Welcome back, Mr. Yu: 2 stays, last in June ${firstStayYear} (`);
    expect(printed).toContain('"Good morning, Mr. Yu. Your usual seat by the window, W2? The same as last time: 1 coffee, 1 egg, 1 sandwich?"');
    expect(printed).toContain('Note on his card: "Ate only the bananas from the fruit basket"');
    expect(printed).toContain('Mr. Yu: sent.');
    expect(printed).toContain(`To:      ${result.email}`);
    expect(printed).toContain('Subject: Happy birthday, Mr. Yu');
    expect(printed).toContain('Dear Mr. Yu,');
    expect(printed).toContain('You have not stayed with us for three years. We all miss you and hope to see you again. Happy birthday!');
    // For a person: the answers in full only when asked for.
    expect(printed).not.toContain('"guestId"');
    expect(printed).not.toContain('"level"');

    const card = await api.call('GET', `/v1/guests/${result.guestId}/recognition`);
    expect(card.body).toMatchObject({ salutation: 'Mr. Yu', inHouse: null, stays: { count: 2 } });
  });

  it('adds every answer in full with json', async () => {
    const { result, printed } = await play({ json: true });

    expect(printed).toContain('── restaurant: recognition card');
    expect(printed).toContain(`"guestId": "${result.guestId}"`);
    expect(printed).toContain('"choice": "W2"');
    expect(printed).toContain('"message": "campaign run"');
    expect(printed).toContain('Subject: Happy birthday, Mr. Yu');
  });

  it('says in one line that nothing answers where no system runs', async () => {
    const apiUrl = `http://127.0.0.1:${await findFreePort()}`;

    const refused = await runDemo({ ...demo, apiUrl, log: () => {} }).catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(DemoError);
    expect((refused as DemoError).message).toBe(`nothing answers at ${apiUrl}`);
    await expect(checkSystemAnswers(demo.apiUrl)).resolves.toBeUndefined();
  });
});

describe("the story's dates", () => {
  const timeZone = 'Asia/Bangkok';
  // Every day of a common year and a leap year, just after midnight and just before midnight at the hotel.
  const nows = Array.from({ length: 365 + 366 }, (_, day) => Date.UTC(2027, 0, 1) + day * 86_400_000).flatMap((midnightUtc) => [
    new Date(midnightUtc - 7 * 3_600_000 + 60_000),
    new Date(midnightUtc + 17 * 3_600_000 - 60_000),
  ]);

  it('are all in the past, in order, with the first stay in June', () => {
    for (const now of nows) {
      const dates = planStory(now);
      const story = [
        dates.firstCheckIn,
        dates.firstBreakfast,
        dates.note,
        dates.firstDeparture,
        dates.secondCheckIn,
        dates.secondMorning,
        dates.secondDeparture,
      ].map(Date.parse);
      expect(story, now.toISOString()).toEqual([...story].sort((a, b) => a - b));
      expect(
        story.every((instant) => instant < now.getTime()),
        now.toISOString(),
      ).toBe(true);
      expect(dates.firstCheckIn.slice(5, 7), now.toISOString()).toBe('06');
      expect(dates.birthdayRunAt.getTime(), now.toISOString()).toBeLessThanOrEqual(now.getTime());
    }
  });

  it('make the birthday run fall on his birthday, three whole years after his last stay ended', () => {
    for (const now of nows) {
      const dates = planStory(now);
      const runDay = toLocalDate(dates.birthdayRunAt, timeZone);
      expect(runDay, now.toISOString()).toBe(toLocalDate(now, timeZone));
      expect(isBirthdayOn(dates.birthDate, runDay), now.toISOString()).toBe(true);
      expect(wholeYearsBetween(toLocalDate(dates.secondDeparture, timeZone), runDay), now.toISOString()).toBe(3);
    }
  });
});
