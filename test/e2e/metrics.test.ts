/**
 * The product metrics as the functions write them (EMF lines on stdout, what CloudWatch Logs turns into metrics),
 * through a story on the local system: events recorded and duplicate per detail-type, a card served, a campaign
 * run's emails and its outcome per campaign.
 */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { metricNames, metricsNamespace } from '#shared/metrics';
import { startTestSystem, type TestSystem } from './local-system.ts';

let api: TestSystem;
let written: string[] = [];

beforeAll(async () => {
  vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: unknown) => written.push(String(chunk)) > 0) as typeof process.stdout.write);
  api = await startTestSystem();
});
afterAll(async () => {
  await api?.stop();
  vi.restoreAllMocks();
});

interface Emf {
  _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] };
  [key: string]: unknown;
}

/** Every metric data point written since the last call: name, value and the dimensions' values. */
function takeMetrics(): { name: string; value: unknown; dimensions: Record<string, unknown> }[] {
  const lines = written.flatMap((chunk) => chunk.split('\n')).filter((line) => line.startsWith('{"_aws"'));
  written = [];
  return lines.flatMap((line) => {
    const emf = JSON.parse(line) as Emf;
    return emf._aws.CloudWatchMetrics.flatMap((directive) => {
      expect(directive.Namespace).toBe(metricsNamespace);
      const dimensions = Object.fromEntries(directive.Dimensions.flat().map((name) => [name, emf[name]]));
      return directive.Metrics.map((metric) => ({ name: metric.Name, value: emf[metric.Name], dimensions }));
    });
  });
}

describe('product metrics', () => {
  it('counts events recorded and redelivered, cards served, and a campaign run by its emails', async () => {
    takeMetrics();
    const guest = { title: 'Ms', lastName: 'Metric', email: 'ms.metric@example.com', birthDate: '1980-03-15', marketingConsent: true };
    expect((await api.call('POST', '/v1/check-ins', { body: { propertyId: 'bangkok', room: '7301', at: '2026-03-10T14:00:00+07:00', guest } })).status).toBe(
      202,
    );
    await api.settle();
    const card = await api.call('GET', '/v1/properties/bangkok/rooms/7301/recognition');
    expect(card.status).toBe(200);
    expect(takeMetrics()).toEqual(
      expect.arrayContaining([
        { name: metricNames.eventsRecorded, value: 1, dimensions: { service: expect.any(String), detailType: 'GuestCheckedIn' } },
        { name: metricNames.recognitionsServed, value: 1, dimensions: { service: expect.any(String) } },
      ]),
    );

    // A hotel system sends the same note twice (at-least-once delivery): recorded once, then a duplicate.
    const note = {
      eventId: 'metrics-note-1',
      propertyId: 'bangkok',
      at: '2026-03-11T09:00:00+07:00',
      guestId: card.body.guestId,
      category: 'food',
      text: 'window table',
      author: { role: 'frontdesk', subject: 'pms' },
    };
    const bus = new EventBridgeClient({ endpoint: api.system.busEndpoint });
    for (let i = 0; i < 2; i++) {
      await bus.send(
        new PutEventsCommand({
          Entries: [{ EventBusName: api.system.eventBusName, Source: 'hotel.guests', DetailType: 'GuestNoteAdded', Detail: JSON.stringify(note) }],
        }),
      );
      await api.settle();
    }
    bus.destroy();
    const noteMetrics = takeMetrics().filter((metric) => metric.dimensions.detailType === 'GuestNoteAdded');
    expect(noteMetrics.map((metric) => metric.name)).toEqual([metricNames.eventsRecorded, metricNames.eventsDuplicate]);

    // Another guest gives the same phone under another surname: a profile of her own, and a possible duplicate.
    const namesake = { title: 'Ms', lastName: 'Othername', phone: '+66812340001' };
    expect(
      (
        await api.call('POST', '/v1/check-ins', {
          body: {
            propertyId: 'bangkok',
            room: '7302',
            at: '2026-03-10T15:00:00+07:00',
            guest: { ...guest, email: undefined, phone: namesake.phone, lastName: 'Metric' },
          },
        })
      ).status,
    ).toBe(202);
    await api.settle();
    expect(takeMetrics().filter((metric) => metric.name === metricNames.possibleDuplicatesFound)).toEqual([]);
    expect(
      (await api.call('POST', '/v1/check-ins', { body: { propertyId: 'bangkok', room: '7303', at: '2026-03-10T16:00:00+07:00', guest: namesake } })).status,
    ).toBe(202);
    await api.settle();
    expect(takeMetrics().filter((metric) => metric.name === metricNames.possibleDuplicatesFound)).toEqual([
      { name: metricNames.possibleDuplicatesFound, value: 1, dimensions: { service: expect.any(String) } },
    ]);

    await api.system.runJob('birthday-greetings', new Date('2027-03-15T02:00:00Z'), 'bangkok');
    await api.system.runJob('birthday-greetings', new Date('2027-03-15T03:00:00Z'), 'bangkok');
    const runs = takeMetrics().filter((metric) => metric.dimensions.campaign === 'birthday');
    const valuesOf = (name: string) => runs.filter((metric) => metric.name === name).map((metric) => metric.value);
    expect(valuesOf(metricNames.emailsSent)).toEqual([1, 0]);
    expect(valuesOf(metricNames.emailsSkipped)).toEqual([0, 1]);
    expect(valuesOf(metricNames.emailsFailed)).toEqual([0, 0]);
    expect(valuesOf(metricNames.campaignRunsFailed)).toEqual([0, 0]);
  });
});
