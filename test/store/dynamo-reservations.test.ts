import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { arrivalListingOf, foldReservation, type ReservationFact } from '#shared/domain/reservation';
import type { ReservationCancelled, ReservationConfirmed } from '#shared/events/guest-events';
import { createDynamoGuestStore, erasedIdentityHash, EventKeyConflictError } from '#shared/store/dynamo-guest-store';
import { createDynamoGuestRights } from '#shared/store/dynamo-guest-rights';
import { createDynamoReservations, type ReservationStore } from '#shared/store/dynamo-reservations';
import { keys } from '#shared/store/keys';
import { ConflictError } from '#shared/errors';
import { aCheckIn, mrYu } from '#test/support/builders';
import { createTestTable } from '#test/support/table';

const erasedIdentityHashKey = 'r'.repeat(64);
let table: Awaited<ReturnType<typeof createTestTable>>;
let guests: ReturnType<typeof createDynamoGuestStore>;
let reservations: ReservationStore;

beforeAll(async () => {
  table = await createTestTable('reservations');
  guests = createDynamoGuestStore({ documentClient: table.documentClient, tableName: table.tableName, erasedIdentityHashKey });
  reservations = createDynamoReservations({ documentClient: table.documentClient, tableName: table.tableName, reader: guests, erasedIdentityHashKey });
});

function aConfirmation(overrides: Partial<ReservationConfirmed> = {}): ReservationConfirmed {
  return {
    eventId: `pms-${randomUUID()}`,
    propertyId: 'bangkok',
    at: '2031-05-01T10:00:00Z',
    reservationId: `R-${randomUUID().slice(0, 8)}`,
    arrivalDate: '2031-06-07',
    departureDate: '2031-06-09',
    roomType: 'Deluxe',
    guest: { title: 'Ms', firstName: 'Anna', lastName: 'Berg', email: `anna.${randomUUID().slice(0, 8)}@example.com` },
    ...overrides,
  };
}
const aCancellation = (of: Pick<ReservationConfirmed, 'propertyId' | 'reservationId'>, at: string): ReservationCancelled => ({
  eventId: `pms-${randomUUID()}`,
  propertyId: of.propertyId,
  reservationId: of.reservationId,
  at,
});

const listed = async (propertyId: string, date: string) =>
  (await reservations.listArrivals(propertyId, date)).map((a) => `${a.reservationId}:${a.status}${a.room ? `:${a.room}` : ''}`).sort();
const getItem = async (key: { pk: string; sk: string }) =>
  (await table.documentClient.send(new GetCommand({ TableName: table.tableName, Key: key, ConsistentRead: true }))).Item;

describe('recording reservations', () => {
  it('lists a confirmed reservation under its arrival date, once however often it is delivered', async () => {
    const confirmation = aConfirmation();
    expect(await reservations.recordConfirmed(confirmation)).toBe('recorded');
    expect(await reservations.recordConfirmed(confirmation)).toBe('duplicate');
    const arrivals = await reservations.listArrivals('bangkok', '2031-06-07');
    expect(arrivals.filter((a) => a.reservationId === confirmation.reservationId)).toEqual([
      {
        propertyId: 'bangkok',
        reservationId: confirmation.reservationId,
        arrivalDate: '2031-06-07',
        departureDate: '2031-06-09',
        roomType: 'Deluxe',
        guest: confirmation.guest,
        status: 'expected',
      },
    ]);
  });

  it('refuses the same event id with other content, and changes nothing', async () => {
    const confirmation = aConfirmation({ arrivalDate: '2031-06-11', departureDate: '2031-06-12' });
    await reservations.recordConfirmed(confirmation);
    await expect(reservations.recordConfirmed({ ...confirmation, arrivalDate: '2031-06-12' })).rejects.toThrow(EventKeyConflictError);
    expect(await listed('bangkok', '2031-06-12')).not.toContain(`${confirmation.reservationId}:expected`);
    expect(await listed('bangkok', '2031-06-11')).toContain(`${confirmation.reservationId}:expected`);
  });

  it('moves a reservation re-confirmed for another day, and ignores the older confirmation arriving after it', async () => {
    const first = aConfirmation({ arrivalDate: '2031-07-01', departureDate: '2031-07-03' });
    const moved = { ...first, eventId: `pms-${randomUUID()}`, at: '2031-05-02T10:00:00Z', arrivalDate: '2031-07-02' };
    await reservations.recordConfirmed(moved);
    await reservations.recordConfirmed(first);
    expect(await listed('bangkok', '2031-07-01')).not.toContain(`${first.reservationId}:expected`);
    expect(await listed('bangkok', '2031-07-02')).toContain(`${first.reservationId}:expected`);
  });

  it('keeps a reservation whose cancellation arrived before its confirmation off the list', async () => {
    const confirmation = aConfirmation({ arrivalDate: '2031-07-05', departureDate: '2031-07-06' });
    expect(await reservations.recordCancelled(aCancellation(confirmation, '2031-05-03T09:00:00Z'))).toBe('recorded');
    await reservations.recordConfirmed(confirmation);
    expect(await listed('bangkok', '2031-07-05')).toEqual([]);
  });

  it('expires the reservation and its day item 30 days after the departure date', async () => {
    const confirmation = aConfirmation({ arrivalDate: '2031-07-07', departureDate: '2031-07-09' });
    await reservations.recordConfirmed(confirmation);
    const expected = Date.parse('2031-08-08T00:00:00Z') / 1000;
    expect((await getItem(keys.reservation('bangkok', confirmation.reservationId)))?.expiresAt).toBe(expected);
    expect((await getItem(keys.arrival('bangkok', '2031-07-07', confirmation.reservationId)))?.expiresAt).toBe(expected);
  });

  it('creates no guest, and links the reservation to the known guest it names (read-only match)', async () => {
    const email = `yu.${randomUUID().slice(0, 8)}@example.com`;
    const stranger = aConfirmation({
      arrivalDate: '2031-07-10',
      departureDate: '2031-07-11',
      guest: { lastName: 'Nobody', email: `no.${randomUUID().slice(0, 8)}@example.com` },
    });
    await reservations.recordConfirmed(stranger);
    expect(await guests.findGuestIds([{ kind: 'email', value: stranger.guest.email! }])).toEqual([]);

    await guests.recordCheckIn(aCheckIn({ guest: { ...mrYu, email }, room: '901', at: '2030-01-01T12:00:00Z' }));
    const [guestId] = await guests.findGuestIds([{ kind: 'email', value: email }]);
    const known = aConfirmation({ arrivalDate: '2031-07-10', departureDate: '2031-07-11', guest: { title: 'Mr', lastName: 'YU', email } });
    await reservations.recordConfirmed(known);
    expect(await getItem(keys.reservationLink(guestId!, 'bangkok', known.reservationId))).toMatchObject({ entityType: 'ReservationLink' });
    // Another surname with the same email is not this guest: no link.
    const other = aConfirmation({ arrivalDate: '2031-07-10', departureDate: '2031-07-11', guest: { lastName: 'Smith', email } });
    await reservations.recordConfirmed(other);
    expect(await getItem(keys.reservationLink(guestId!, 'bangkok', other.reservationId))).toBeUndefined();
  });

  it('shows the reservation a check-in names as arrived, in its room, linked to the guest checked in', async () => {
    const email = `lee.${randomUUID().slice(0, 8)}@example.com`;
    const confirmation = aConfirmation({ arrivalDate: '2031-07-12', departureDate: '2031-07-14', guest: { lastName: 'Lee', email } });
    await reservations.recordConfirmed(confirmation);
    const checkIn = aCheckIn({ room: '1507', at: '2031-07-12T14:00:00+07:00', reservationId: confirmation.reservationId, guest: { lastName: 'Lee', email } });
    await guests.recordCheckIn(checkIn);
    expect(await reservations.closeByCheckIn(checkIn)).toBe('recorded');
    expect(await reservations.closeByCheckIn(checkIn)).toBe('unchanged');
    expect(await listed('bangkok', '2031-07-12')).toEqual([`${confirmation.reservationId}:arrived:1507`]);
    const [guestId] = await guests.findGuestIds([{ kind: 'email', value: email }]);
    expect(await getItem(keys.reservationLink(guestId!, 'bangkok', confirmation.reservationId))).toBeDefined();
  });

  it('is exported and erased with the guest it is linked to; a confirmation from before the erasure is then discarded', async () => {
    const email = `kim.${randomUUID().slice(0, 8)}@example.com`;
    await guests.recordCheckIn(aCheckIn({ guest: { lastName: 'Kim', email }, room: '902', at: '2030-02-01T12:00:00Z' }));
    const [guestId] = await guests.findGuestIds([{ kind: 'email', value: email }]);
    const confirmation = aConfirmation({ arrivalDate: '2031-07-15', departureDate: '2031-07-16', guest: { lastName: 'Kim', email } });
    await reservations.recordConfirmed(confirmation);
    const rights = createDynamoGuestRights({ documentClient: table.documentClient, tableName: table.tableName, erasedIdentityHashKey });
    expect((await rights.exportGuest(guestId!))?.reservations).toEqual([
      expect.objectContaining({ reservationId: confirmation.reservationId, confirmed: confirmation }),
    ]);

    const report = await rights.eraseGuest(guestId!, '2031-05-10T00:00:00Z');
    expect(report?.erased.reservations).toBe(1);
    expect(await getItem(keys.reservation('bangkok', confirmation.reservationId))).toBeUndefined();
    expect(await listed('bangkok', '2031-07-15')).toEqual([]);
    // A replay of the confirmation (another marker: say the archive outlived it) names an erased key: discarded.
    expect(await reservations.recordConfirmed({ ...confirmation, eventId: `pms-${randomUUID()}` })).toBe('discarded');
    expect(await listed('bangkok', '2031-07-15')).toEqual([]);
    expect(await getItem(keys.erasedIdentity(erasedIdentityHash(erasedIdentityHashKey, { kind: 'email', value: email })))).toBeDefined();
  });

  it('records nothing for a check-in that names no reservation', async () => {
    const checkIn = aCheckIn({ room: '903' });
    expect(await reservations.closeByCheckIn(checkIn)).toBe('unchanged');
  });
});

/** A reservation's story as the PMS and the desk tell it: confirmations (some re-sent with changes), cancellations, check-ins. */
type Step = { kind: 'confirmed'; day: number; at: number } | { kind: 'cancelled'; at: number } | { kind: 'checked-in'; at: number; room: string };
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('confirmed' as const), day: fc.integer({ min: 1, max: 3 }), at: fc.integer({ min: 0, max: 5 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('cancelled' as const), at: fc.integer({ min: 0, max: 5 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('checked-in' as const), at: fc.integer({ min: 0, max: 5 }), room: fc.constantFrom('101', '102') }) },
);

let run = 0;
function factsOf(propertyId: string, reservationId: string, steps: readonly Step[]): ReservationFact[] {
  return steps.map((s, i): ReservationFact => {
    const at = new Date(Date.UTC(2031, 4, 1, s.at)).toISOString();
    const eventId = `ev-${reservationId}-${i}`;
    if (s.kind === 'confirmed') {
      const event: ReservationConfirmed = {
        eventId,
        propertyId,
        at,
        reservationId,
        arrivalDate: `2031-06-0${s.day}`,
        departureDate: '2031-06-09',
        guest: { lastName: 'Story', email: `story.${i}@example.com` },
      };
      return { kind: 'confirmed', event };
    }
    if (s.kind === 'cancelled') return { kind: 'cancelled', event: { eventId, propertyId, at, reservationId } };
    return { kind: 'checked-in', event: { eventId, propertyId, at, reservationId, room: s.room } };
  });
}

/** Delivers a fact as the bus would: a recording that lost every race for its reservation is delivered again. */
async function deliver(fact: ReservationFact): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      if (fact.kind === 'confirmed') await reservations.recordConfirmed(fact.event);
      else if (fact.kind === 'cancelled') await reservations.recordCancelled(fact.event);
      else await reservations.closeByCheckIn({ ...fact.event, guest: { lastName: 'Story' } });
      return;
    } catch (error) {
      if (!(error instanceof ConflictError) || error instanceof EventKeyConflictError || attempt === 5) throw error;
    }
  }
}

/** Every day's list of the story's property, as one sorted text. */
async function listsOf(propertyId: string): Promise<string[]> {
  const days = await Promise.all([1, 2, 3].map((day) => reservations.listArrivals(propertyId, `2031-06-0${day}`)));
  return days.flatMap((arrivals, i) => arrivals.map((a) => `${i + 1}:${a.reservationId}:${a.status}:${a.room ?? '-'}:${a.guest.email}`)).sort();
}

describe('delivery order', () => {
  it('does not matter: any shuffle and repetition of confirm, cancel, re-confirm and check-in stories gives the lists in-order delivery gives', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(step, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 3 }),
        fc.array(fc.nat(), { maxLength: 4 }),
        fc.infiniteStream(fc.nat()),
        fc.boolean(),
        async (stories, repeats, order, atOnce) => {
          const propertyId = `story-${++run}-${randomUUID().slice(0, 6)}`;
          const facts = stories.flatMap((steps, r) => factsOf(propertyId, `R${r}`, steps));
          const delivered = [...facts, ...repeats.map((i) => facts[i % facts.length]!)];
          const iterator = order[Symbol.iterator]();
          const shuffled = delivered
            .map((f) => ({ f, key: iterator.next().value as number }))
            .sort((a, b) => a.key - b.key)
            .map(({ f }) => f);
          if (atOnce) await Promise.all(shuffled.map(deliver));
          else for (const fact of shuffled) await deliver(fact);

          const expected = stories
            .flatMap((_, r) => {
              const listing = arrivalListingOf(foldReservation(facts.filter((f) => f.event.reservationId === `R${r}`))!);
              return listing
                ? [`${Number(listing.arrivalDate.slice(-1))}:${listing.reservationId}:${listing.status}:${listing.room ?? '-'}:${listing.guest.email}`]
                : [];
            })
            .sort();
          expect(await listsOf(propertyId)).toEqual(expected);
        },
      ),
      { numRuns: 25 },
    );
  });
});
