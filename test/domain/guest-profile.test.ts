import { describe, expect, it } from 'vitest';
import {
  applyCheckIn,
  applyDeparture,
  applyDining,
  applyNote,
  createProfile,
  diningKey,
  keepOutOfTheRoom,
  diningVisitFrom,
  endStayForRoomTakenOver,
  identityKeysOfProfile,
  parseDiningKey,
  type DiningVisit,
  type GuestProfile,
} from '#shared/domain/guest-profile';
import { aCheckIn, aDeparture, aDining, aNote, mrYu } from '#test/support/builders';

const guestId = 'g_yuWei0000000000000000';

function createMrYu(overrides: Parameters<typeof aCheckIn>[0] = {}): GuestProfile {
  return createProfile(guestId, aCheckIn(overrides));
}

/** A dining visit on day `day` of June 2025 at 07:30 Bangkok time. */
function buildBreakfastOn(day: number, table = 'W2'): DiningVisit {
  const at = `2025-06-${String(day).padStart(2, '0')}T07:30:00+07:00`;
  return diningVisitFrom(aDining(guestId, { at, table, eventId: `dining-${day}` })).visit;
}

const terraceBreakfast = diningKey('bangkok', 'terrace', 'breakfast');

describe('createProfile', () => {
  it('starts a profile from the first check-in', () => {
    const checkIn = aCheckIn();
    expect(createProfile(guestId, checkIn)).toEqual({
      guestId,
      title: 'Mr',
      firstName: 'Wei',
      lastName: 'Yu',
      email: 'yu.wei@example.com',
      phone: '+85291234567',
      birthDate: '1970-06-20',
      language: 'zh-Hant',
      marketingConsent: true,
      consentUpdatedAt: '2025-06-07T14:00:00+07:00',
      pmsProfileIds: [],
      detailsAt: '2025-06-07T14:00:00+07:00',
      stayCount: 1,
      propertyIds: ['bangkok'],
      firstStay: { propertyId: 'bangkok', room: '1203', checkedInAt: '2025-06-07T14:00:00+07:00', checkedInOn: '2025-06-07' },
      currentStay: { propertyId: 'bangkok', room: '1203', checkedInAt: '2025-06-07T14:00:00+07:00', checkedInOn: '2025-06-07' },
      recentDining: {},
      notes: [],
    });
  });

  it('keeps the email and phone normalised', () => {
    const profile = createMrYu({ guest: { ...mrYu, email: '  Yu.Wei@Example.COM ', phone: '00852 9123-4567' } });
    expect(profile).toMatchObject({ email: 'yu.wei@example.com', phone: '+85291234567' });
  });

  it('dates the stay in the property time zone', () => {
    const profile = createMrYu({ at: '2025-06-07T23:30:00Z' });
    expect(profile.firstStay.checkedInOn).toBe('2025-06-08');
  });

  it('records the PMS id scoped by property', () => {
    const profile = createMrYu({ guest: { ...mrYu, pmsProfileId: 'P-1001' } });
    expect(profile.pmsProfileIds).toEqual(['bangkok:P-1001']);
  });

  it('assumes no marketing consent when none was given', () => {
    const profile = createMrYu({ guest: { lastName: 'Yu' } });
    expect(profile.marketingConsent).toBe(false);
    expect(profile).not.toHaveProperty('email');
  });
});

describe('applyCheckIn', () => {
  it('counts a returning guest as a new stay and updates the details', () => {
    const firstStay = createMrYu();
    const { profile: departed } = applyDeparture(firstStay, aDeparture(guestId));
    const returning = aCheckIn({
      at: '2026-06-10T15:00:00+07:00',
      room: '1502',
      guest: { ...mrYu, email: 'wei.yu@new-employer.example', pmsProfileId: 'P-2002' },
    });

    const outcome = applyCheckIn(departed, returning);

    expect(outcome.newStay).toBe(true);
    expect(outcome.vacatedRoom).toBeUndefined();
    expect(outcome.profile).toMatchObject({
      stayCount: 2,
      email: 'wei.yu@new-employer.example',
      detailsAt: '2026-06-10T15:00:00+07:00',
      pmsProfileIds: ['bangkok:P-2002'],
      firstStay: { room: '1203', checkedInOn: '2025-06-07' },
      currentStay: { propertyId: 'bangkok', room: '1502', checkedInAt: '2026-06-10T15:00:00+07:00', checkedInOn: '2026-06-10' },
      lastCompletedStay: { room: '1203', departedOn: '2025-06-09' },
    });
  });

  it('keeps details the new check-in does not give', () => {
    const profile = createMrYu();
    const { profile: updated } = applyCheckIn(profile, aCheckIn({ at: '2025-07-01T14:00:00+07:00', room: '801', guest: { lastName: 'Yu' } }));
    expect(updated).toMatchObject({ email: 'yu.wei@example.com', phone: '+85291234567', title: 'Mr', marketingConsent: true });
  });

  it('does not count a repeat of the current check-in as a new stay', () => {
    const profile = createMrYu();
    const outcome = applyCheckIn(profile, aCheckIn({ at: '2025-06-07T14:05:00+07:00' }));
    expect(outcome.newStay).toBe(false);
    expect(outcome.vacatedRoom).toBeUndefined();
    expect(outcome.profile.stayCount).toBe(1);
    expect(outcome.profile.currentStay).toEqual(profile.currentStay);
  });

  it('does not let a late, older check-in overwrite newer details', () => {
    const profile = createMrYu({ at: '2026-06-10T15:00:00+07:00', room: '1502', guest: { ...mrYu, email: 'wei.yu@new-employer.example' } });
    const late = aCheckIn({ at: '2025-06-07T14:00:00+07:00', room: '1203', guest: { ...mrYu, email: 'yu.wei@old-employer.example' } });

    const { profile: updated } = applyCheckIn(profile, late);

    expect(updated.email).toBe('wei.yu@new-employer.example');
    expect(updated.detailsAt).toBe('2026-06-10T15:00:00+07:00');
    expect(updated.firstStay).toMatchObject({ room: '1203', checkedInOn: '2025-06-07' });
  });

  it('does not let a late, older check-in end or replace the stay the guest is in', () => {
    const profile = createMrYu({ at: '2026-06-10T15:00:00+07:00', room: '1502' });
    const late = aCheckIn({ at: '2025-06-07T14:00:00+07:00', room: '1203' });

    const outcome = applyCheckIn(profile, late);

    expect(outcome.vacatedRoom).toBeUndefined();
    expect(outcome.profile.currentStay).toEqual(profile.currentStay);
    expect(outcome.profile.stayCount).toBe(2);
    expect(outcome.profile.firstStay).toMatchObject({ room: '1203', checkedInOn: '2025-06-07' });
  });

  it('does not put a departed guest back in house for a late, older check-in', () => {
    const { profile: departed } = applyDeparture(
      createMrYu({ at: '2026-06-10T15:00:00+07:00', room: '1502' }),
      aDeparture(guestId, { at: '2026-06-12T11:00:00+07:00' }),
    );
    const late = aCheckIn({ at: '2025-06-07T14:00:00+07:00', room: '1203' });

    const { profile: updated } = applyCheckIn(departed, late);

    expect(updated.currentStay).toBeUndefined();
    expect(updated.lastCompletedStay).toEqual(departed.lastCompletedStay);
  });

  it('moves a guest to another room of the same stay, without counting a new stay', () => {
    const profile = createMrYu();
    const outcome = applyCheckIn(profile, aCheckIn({ at: '2025-06-08T10:00:00+07:00', room: '1505' }));

    expect(outcome).toMatchObject({ newStay: false, occupiesRoom: true, vacatedRoom: { propertyId: 'bangkok', room: '1203' } });
    expect(outcome.profile.currentStay).toEqual({ propertyId: 'bangkok', room: '1505', checkedInAt: '2025-06-07T14:00:00+07:00', checkedInOn: '2025-06-07' });
    expect(outcome.profile.stayCount).toBe(1);
    expect(outcome.profile.lastCompletedStay).toBeUndefined();
  });

  it('closes the stay at another property of a guest who never got a departure there', () => {
    const profile = createMrYu();
    const outcome = applyCheckIn(profile, aCheckIn({ propertyId: 'chiangmai', at: '2025-06-08T10:00:00+07:00', room: '21' }));

    const closed = {
      propertyId: 'bangkok',
      room: '1203',
      checkedInAt: '2025-06-07T14:00:00+07:00',
      checkedInOn: '2025-06-07',
      departedAt: '2025-06-08T10:00:00+07:00',
      departedOn: '2025-06-08',
    };
    expect(outcome.newStay).toBe(true);
    expect(outcome.vacatedRoom).toEqual({ propertyId: 'bangkok', room: '1203' });
    expect(outcome.profile.lastCompletedStay).toEqual(closed);
    expect(outcome.profile.currentStay).toMatchObject({ propertyId: 'chiangmai', room: '21', checkedInOn: '2025-06-08' });
    expect(outcome.profile.stayCount).toBe(2);
    expect(outcome.profile.propertyIds).toEqual(['bangkok', 'chiangmai']);
  });

  it('keeps a late check-in out of a room a later guest has, with the stay still counted', () => {
    const before = createMrYu();
    const late = keepOutOfTheRoom(applyCheckIn(before, aCheckIn({ at: '2025-06-09T10:00:00+07:00', room: '1505', propertyId: 'chiangmai' })), before);
    expect(late.occupiesRoom).toBe(false);
    expect(late.profile.currentStay).toEqual(before.currentStay);
    expect(late.profile.stayCount).toBe(2);
  });

  it('adds a new PMS id once', () => {
    const profile = createMrYu({ guest: { ...mrYu, pmsProfileId: 'P-1001' } });
    const { profile: again } = applyCheckIn(profile, aCheckIn({ at: '2025-06-07T14:05:00+07:00', guest: { ...mrYu, pmsProfileId: 'P-1001' } }));
    expect(again.pmsProfileIds).toEqual(['bangkok:P-1001']);
  });
});

describe('applyDeparture', () => {
  it('ends the current stay and keeps it as the last completed stay', () => {
    const profile = createMrYu();

    const { profile: departed, endedStay } = applyDeparture(profile, aDeparture(guestId, { at: '2025-06-09T11:00:00+07:00' }));

    const ended = {
      propertyId: 'bangkok',
      room: '1203',
      checkedInAt: '2025-06-07T14:00:00+07:00',
      checkedInOn: '2025-06-07',
      departedAt: '2025-06-09T11:00:00+07:00',
      departedOn: '2025-06-09',
    };
    expect(endedStay).toEqual(ended);
    expect(departed.lastCompletedStay).toEqual(ended);
    expect(departed).not.toHaveProperty('currentStay');
  });

  it('dates the departure in the property time zone', () => {
    const { endedStay } = applyDeparture(createMrYu(), aDeparture(guestId, { at: '2025-06-09T18:30:00Z' }));
    expect(endedStay?.departedOn).toBe('2025-06-10');
  });

  it('ends the stay when the departure names its room', () => {
    const { endedStay } = applyDeparture(createMrYu(), aDeparture(guestId, { room: '1203' }));
    expect(endedStay?.room).toBe('1203');
  });

  it('changes nothing for a departure older than the current check-in', () => {
    const profile = createMrYu({ at: '2026-06-10T15:00:00+07:00' });
    const outcome = applyDeparture(profile, aDeparture(guestId, { at: '2025-06-09T11:00:00+07:00' }));
    expect(outcome.profile).toBe(profile);
    expect(outcome.endedStay).toBeUndefined();
  });

  it('changes nothing for a departure from another room', () => {
    const profile = createMrYu();
    const outcome = applyDeparture(profile, aDeparture(guestId, { room: '1505' }));
    expect(outcome.profile).toBe(profile);
    expect(outcome.endedStay).toBeUndefined();
  });

  it('changes nothing for a guest not in house', () => {
    const { profile: departed } = applyDeparture(createMrYu(), aDeparture(guestId));
    const outcome = applyDeparture(departed, aDeparture(guestId, { at: '2025-06-10T11:00:00+07:00' }));
    expect(outcome.profile).toBe(departed);
    expect(outcome.endedStay).toBeUndefined();
  });
});

describe('endStayForRoomTakenOver', () => {
  it('ends the stay of a guest whose room went to someone else', () => {
    const profile = endStayForRoomTakenOver(createMrYu(), '2025-06-12T14:00:00+07:00');
    expect(profile).not.toHaveProperty('currentStay');
    expect(profile.lastCompletedStay).toMatchObject({ room: '1203', departedOn: '2025-06-12' });
  });
});

describe('diningVisitFrom', () => {
  it('files a visit under its outlet and the meal period of its local time', () => {
    const { key, visit } = diningVisitFrom(aDining(guestId, { eventId: 'dining-1', at: '2025-06-08T00:30:00Z', partySize: 2 }));
    expect(key).toBe('bangkok/terrace/breakfast');
    expect(visit).toEqual({
      eventId: 'dining-1',
      at: '2025-06-08T00:30:00Z',
      date: '2025-06-08',
      table: 'W2',
      items: [
        { name: 'coffee', quantity: 1 },
        { name: 'egg', quantity: 1 },
        { name: 'sandwich', quantity: 1 },
      ],
      partySize: 2,
    });
  });

  it('files a 01:00 supper under the previous evening dinner, dated the local day it was eaten', () => {
    const { key, visit } = diningVisitFrom(aDining(guestId, { at: '2025-06-08T01:00:00+07:00' }));
    expect(key).toBe('bangkok/terrace/dinner');
    expect(visit.date).toBe('2025-06-08');
  });

  it('uses the meal period the outlet gave', () => {
    const { key } = diningVisitFrom(aDining(guestId, { at: '2025-06-08T10:45:00+07:00', mealPeriod: 'lunch' }));
    expect(key).toBe('bangkok/terrace/lunch');
  });

  it('round-trips a dining key', () => {
    expect(parseDiningKey(diningKey('bangkok', 'terrace', 'dinner'))).toEqual({ propertyId: 'bangkok', outlet: 'terrace', mealPeriod: 'dinner' });
  });
});

describe('applyDining', () => {
  it('keeps visits newest first', () => {
    let profile = createMrYu();
    for (const day of [8, 10, 9]) profile = applyDining(profile, terraceBreakfast, buildBreakfastOn(day));
    expect(profile.recentDining[terraceBreakfast]?.map((v) => v.date)).toEqual(['2025-06-10', '2025-06-09', '2025-06-08']);
  });

  it('keeps only the newest 10 visits by business time', () => {
    let profile = createMrYu();
    for (let day = 1; day <= 12; day += 1) profile = applyDining(profile, terraceBreakfast, buildBreakfastOn(day));
    const dates = profile.recentDining[terraceBreakfast]?.map((v) => v.date);
    expect(dates).toHaveLength(10);
    expect(dates?.[0]).toBe('2025-06-12');
    expect(dates?.at(-1)).toBe('2025-06-03');
  });

  it('does not make a meal that arrives late the newest', () => {
    let profile = createMrYu();
    for (const day of [9, 10]) profile = applyDining(profile, terraceBreakfast, buildBreakfastOn(day));
    profile = applyDining(profile, terraceBreakfast, buildBreakfastOn(8, 'B4'));
    const visits = profile.recentDining[terraceBreakfast]!;
    expect(visits[0]?.date).toBe('2025-06-10');
    expect(visits.at(-1)).toMatchObject({ date: '2025-06-08', table: 'B4' });
  });

  it('drops a late meal older than the 10 kept', () => {
    let profile = createMrYu();
    for (let day = 11; day <= 20; day += 1) profile = applyDining(profile, terraceBreakfast, buildBreakfastOn(day));
    const before = profile.recentDining[terraceBreakfast];
    profile = applyDining(profile, terraceBreakfast, buildBreakfastOn(1, 'B4'));
    expect(profile.recentDining[terraceBreakfast]).toEqual(before);
  });

  it('keeps each outlet and meal period apart', () => {
    const dinnerKey = diningKey('bangkok', 'terrace', 'dinner');
    let profile = applyDining(createMrYu(), terraceBreakfast, buildBreakfastOn(8));
    profile = applyDining(profile, dinnerKey, buildBreakfastOn(9, 'D1'));
    expect(profile.recentDining[terraceBreakfast]).toHaveLength(1);
    expect(profile.recentDining[dinnerKey]).toHaveLength(1);
  });
});

describe('applyNote', () => {
  it('keeps notes newest first, even when one arrives late', () => {
    let profile = createMrYu();
    profile = applyNote(profile, aNote(guestId, { eventId: 'note-09', at: '2025-06-08T09:00:00+07:00' }));
    profile = applyNote(profile, aNote(guestId, { eventId: 'note-10', at: '2025-06-08T10:00:00+07:00' }));
    profile = applyNote(profile, aNote(guestId, { eventId: 'note-08', at: '2025-06-08T08:00:00+07:00' }));
    expect(profile.notes.map((note) => note.noteId)).toEqual(['note-10', 'note-09', 'note-08']);
  });

  it('records who wrote the note by role', () => {
    const profile = applyNote(createMrYu(), aNote(guestId, { eventId: 'note-1', category: 'drink', text: 'Diet Coke, never lemon' }));
    expect(profile.notes).toEqual([
      {
        noteId: 'note-1',
        at: '2025-06-08T09:00:00+07:00',
        propertyId: 'bangkok',
        category: 'drink',
        text: 'Diet Coke, never lemon',
        authorRole: 'frontdesk',
      },
    ]);
  });
});

describe('identityKeysOfProfile', () => {
  it('gives the keys the next check-in is found by', () => {
    const profile = createMrYu({ guest: { ...mrYu, pmsProfileId: 'P-1001' } });
    expect(identityKeysOfProfile(profile)).toEqual([
      { kind: 'pms', value: 'bangkok:P-1001' },
      { kind: 'email', value: 'yu.wei@example.com' },
      { kind: 'phone', value: '+85291234567' },
    ]);
  });
});
