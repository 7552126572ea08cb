import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '#shared/errors';
import {
  diningRecordedSchema,
  guestCheckedInSchema,
  guestDepartedSchema,
  guestNoteAddedSchema,
  guestCheckedIn,
  orderedItemSchema,
  parseEvent,
} from '#shared/events/guest-events';
import { parseOrThrow, toFieldErrors } from '#shared/validation';
import { aCheckIn, aDeparture, aDining, aNote, mrYu } from '#test/support/builders';

const guestId = 'g_yuWei0000000000000000';

/** The InvalidInputError parseOrThrow throws for `input`; fails the test when the input is accepted. */
function catchInvalidInput(schema: Parameters<typeof parseOrThrow>[0], input: unknown): InvalidInputError {
  try {
    parseOrThrow(schema, input, 'event');
  } catch (error) {
    if (error instanceof InvalidInputError) return error;
    throw error;
  }
  throw new Error('expected the input to be rejected');
}

function fieldsRejectedIn(schema: Parameters<typeof parseOrThrow>[0], input: unknown): string[] {
  return Object.keys(catchInvalidInput(schema, input).fields);
}

describe('valid events', () => {
  it('accepts a check-in and returns it unchanged', () => {
    const checkIn = aCheckIn();
    expect(parseOrThrow(guestCheckedInSchema, checkIn, 'check-in')).toEqual(checkIn);
  });

  it('accepts a check-in at a UTC instant', () => {
    expect(() => parseOrThrow(guestCheckedInSchema, aCheckIn({ at: '2025-06-07T07:00:00Z' }), 'check-in')).not.toThrow();
  });

  it('accepts a guest known only by last name', () => {
    expect(() => parseOrThrow(guestCheckedInSchema, aCheckIn({ guest: { lastName: 'Yu' } }), 'check-in')).not.toThrow();
  });

  it('accepts a birth date without a year and a phone typed with spaces', () => {
    const checkIn = aCheckIn({ guest: { ...mrYu, birthDate: '--02-29', phone: '+66 2 659 9000' } });
    expect(() => parseOrThrow(guestCheckedInSchema, checkIn, 'check-in')).not.toThrow();
  });

  it('trims the email and names (ids are never trimmed)', () => {
    const checkIn = aCheckIn({ guest: { ...mrYu, lastName: ' Yu ', email: '  Yu.Wei@Example.com ' } });
    const parsed = parseOrThrow(guestCheckedInSchema, checkIn, 'check-in');
    expect(parsed.guest.lastName).toBe('Yu');
    expect(parsed.guest.email).toBe('Yu.Wei@Example.com');
  });

  it('accepts a dining record with a meal period of the outlet', () => {
    const dining = aDining(guestId, { mealPeriod: 'breakfast', partySize: 2, room: '1203' });
    expect(parseOrThrow(diningRecordedSchema, dining, 'dining')).toEqual(dining);
  });

  it('accepts a departure and a note', () => {
    expect(() => parseOrThrow(guestDepartedSchema, aDeparture(guestId), 'departure')).not.toThrow();
    expect(() => parseOrThrow(guestNoteAddedSchema, aNote(guestId), 'note')).not.toThrow();
  });
});

describe('ordered items', () => {
  it('reads "2 x egg" strings and {name, quantity} objects alike', () => {
    const dining = aDining(guestId, { items: ['2 x egg', { name: 'coffee', quantity: 1 }] as never });
    expect(parseOrThrow(diningRecordedSchema, dining, 'dining').items).toEqual([
      { name: 'egg', quantity: 2 },
      { name: 'coffee', quantity: 1 },
    ]);
  });

  it.each([
    ['egg', { name: 'egg', quantity: 1 }],
    ['2 x egg', { name: 'egg', quantity: 2 }],
    ['2x egg', { name: 'egg', quantity: 2 }],
    ['3 X tea', { name: 'tea', quantity: 3 }],
    ['2 × sandwich', { name: 'sandwich', quantity: 2 }],
    ['  12 x   lemon   Diet Coke ', { name: 'lemon Diet Coke', quantity: 12 }],
  ])('reads %j as %j', (raw, item) => {
    expect(orderedItemSchema.parse(raw)).toEqual(item);
  });

  it('gives an object without a quantity a quantity of one', () => {
    expect(orderedItemSchema.parse({ name: 'coffee' })).toEqual({ name: 'coffee', quantity: 1 });
  });

  it('collapses spaces inside an object item name', () => {
    expect(orderedItemSchema.parse({ name: ' Diet   Coke ', quantity: 1 })).toEqual({ name: 'Diet Coke', quantity: 1 });
  });

  it('keeps the name exactly otherwise: lemon Diet Coke stays lemon Diet Coke', () => {
    expect(orderedItemSchema.parse('lemon Diet Coke')).toEqual({ name: 'lemon Diet Coke', quantity: 1 });
  });
});

describe('invalid events name the offending field', () => {
  it('names a missing field', () => {
    const { room: _room, ...withoutRoom } = aCheckIn();
    const error = catchInvalidInput(guestCheckedInSchema, withoutRoom);
    expect(error.fields).toEqual({ room: 'is required' });
    expect(error.message).toBe('Invalid event: room');
    expect(error.status).toBe(400);
  });

  it('names a missing nested field by its path', () => {
    const { lastName: _lastName, ...withoutLastName } = mrYu;
    expect(catchInvalidInput(guestCheckedInSchema, aCheckIn({ guest: withoutLastName as never })).fields).toEqual({
      'guest.lastName': 'is required',
    });
  });

  it('names a field of the wrong type', () => {
    expect(fieldsRejectedIn(diningRecordedSchema, aDining(guestId, { partySize: '2' as never }))).toEqual(['partySize']);
    expect(fieldsRejectedIn(guestCheckedInSchema, aCheckIn({ guest: { ...mrYu, marketingConsent: 'yes' as never } }))).toEqual(['guest.marketingConsent']);
  });

  it('says what type a field of the wrong type should have, rather than that it is missing', () => {
    expect(catchInvalidInput(diningRecordedSchema, aDining(guestId, { partySize: '2' as never })).fields).toEqual({
      partySize: 'must be a number',
    });
    expect(catchInvalidInput(guestCheckedInSchema, aCheckIn({ guest: { ...mrYu, marketingConsent: 'yes' as never } })).fields).toEqual({
      'guest.marketingConsent': 'must be a boolean',
    });
  });

  it('names an unknown field', () => {
    expect(catchInvalidInput(guestCheckedInSchema, { ...aCheckIn(), vip: true }).fields).toEqual({ vip: 'is not an allowed field' });
  });

  it('names an unknown nested field by its path', () => {
    const checkIn = aCheckIn({ guest: { ...mrYu, nickname: 'Wei' } as never });
    expect(catchInvalidInput(guestCheckedInSchema, checkIn).fields).toEqual({ 'guest.nickname': 'is not an allowed field' });
  });

  it('names a business time without an offset', () => {
    const error = catchInvalidInput(guestCheckedInSchema, aCheckIn({ at: '2025-06-07T14:00:00' }));
    expect(Object.keys(error.fields)).toEqual(['at']);
    expect(error.fields.at).toMatch(/offset/);
  });

  it.each(['2023-02-29', '--02-30', '1899-01-01', '20/06/1970'])('names a bad birth date %s', (birthDate) => {
    expect(fieldsRejectedIn(guestCheckedInSchema, aCheckIn({ guest: { ...mrYu, birthDate } }))).toEqual(['guest.birthDate']);
  });

  it.each([
    ['a line feed', 'Yu\nBcc: all@example.com'],
    ['a line separator', 'Yu\u2028Wei'],
    ['a lone surrogate', 'Yu\ud800'],
    ['a right-to-left override', 'Yu\u202eieW'],
    ['a directional isolate', '\u2066Yu\u2069'],
  ])('names a last name with %s in it', (_what, lastName) => {
    expect(catchInvalidInput(guestCheckedInSchema, aCheckIn({ guest: { ...mrYu, lastName } })).fields).toEqual({
      'guest.lastName': 'must not contain line breaks, control characters or unpaired surrogates',
    });
  });

  it('names a note with a lone surrogate, but takes one with an emoji and line breaks', () => {
    expect(fieldsRejectedIn(guestNoteAddedSchema, aNote(guestId, { text: 'Bananas \udc00' }))).toEqual(['text']);
    expect(() => parseOrThrow(guestNoteAddedSchema, aNote(guestId, { text: 'Bananas 🍌\nonly' }), 'note')).not.toThrow();
  });

  it.each(['0000-01-01T00:00:00Z', '1999-12-31T23:59:59Z', '2025-02-30T07:30:00+07:00'])('names a business time %s', (at) => {
    expect(fieldsRejectedIn(guestCheckedInSchema, aCheckIn({ at }))).toEqual(['at']);
  });

  it.each([['bangkok\r\n'], ['bangkok '], [' bangkok'], ['Bangkok']])('names a property id %j that is not exactly an id', (propertyId) => {
    expect(fieldsRejectedIn(guestCheckedInSchema, aCheckIn({ propertyId }))).toEqual(['propertyId']);
  });

  it.each([['1203 '], ['1203\r\n']])('names a room %j with a trailing space or line break', (room) => {
    expect(fieldsRejectedIn(guestCheckedInSchema, aCheckIn({ room }))).toEqual(['room']);
  });

  it.each([['yu wei@example.com'], ['"Yu" <yu@example.com>'], ['yu@localhost'], ['yu@@example.com']])(
    'names an email %j the mailer could not send to',
    (email) => {
      expect(fieldsRejectedIn(guestCheckedInSchema, aCheckIn({ guest: { ...mrYu, email } }))).toEqual(['guest.email']);
    },
  );

  it('names an item of a hundred', () => {
    expect(fieldsRejectedIn(diningRecordedSchema, aDining(guestId, { items: ['100 x egg' as never] }))).toEqual(['items[0]']);
  });

  it('names a phone number that is not international', () => {
    const error = catchInvalidInput(guestCheckedInSchema, aCheckIn({ guest: { ...mrYu, phone: '02 659 9000' } }));
    expect(error.fields).toEqual({ 'guest.phone': 'must be an international number, e.g. +66 2 659 9000' });
  });

  it('names a malformed email', () => {
    expect(fieldsRejectedIn(guestCheckedInSchema, aCheckIn({ guest: { ...mrYu, email: 'yu.wei-at-example.com' } }))).toEqual(['guest.email']);
  });

  it('names a property that is not in the group', () => {
    expect(catchInvalidInput(guestCheckedInSchema, aCheckIn({ propertyId: 'paris' })).fields).toEqual({
      propertyId: 'is not a property of this group',
    });
    expect(fieldsRejectedIn(diningRecordedSchema, aDining(guestId, { propertyId: 'paris' }))).toEqual(['propertyId']);
  });

  it('names an outlet the property does not have', () => {
    expect(catchInvalidInput(diningRecordedSchema, aDining(guestId, { outlet: 'rooftop' })).fields).toEqual({
      outlet: 'is not an outlet of bangkok',
    });
  });

  it('names a meal period the outlet does not serve', () => {
    expect(catchInvalidInput(diningRecordedSchema, aDining(guestId, { mealPeriod: 'brunch' })).fields).toEqual({
      mealPeriod: 'must be one of breakfast, lunch, dinner',
    });
  });

  it('names an item by its index', () => {
    expect(fieldsRejectedIn(diningRecordedSchema, aDining(guestId, { items: ['coffee', ''] as never }))).toEqual(['items[1]']);
    expect(fieldsRejectedIn(diningRecordedSchema, aDining(guestId, { items: ['0 x egg'] as never }))).toEqual(['items[0]']);
  });

  it('names the quantity of an object item out of range', () => {
    expect(catchInvalidInput(diningRecordedSchema, aDining(guestId, { items: [{ name: 'egg', quantity: 0 }] })).fields).toEqual({
      'items[0].quantity': 'must be at least 1',
    });
  });

  it('says which forms a string item may take', () => {
    const error = catchInvalidInput(diningRecordedSchema, aDining(guestId, { items: ['0 x egg'] as never }));
    expect(error.fields['items[0]']).toBe('must be "name" or "N x name" (N from 1 to 99)');
  });

  it('names an empty item list', () => {
    expect(catchInvalidInput(diningRecordedSchema, aDining(guestId, { items: [] })).fields).toEqual({ items: 'must have at least 1 entry' });
  });

  it('names a guest id of the wrong shape', () => {
    expect(fieldsRejectedIn(diningRecordedSchema, aDining('guest-1'))).toEqual(['guestId']);
  });

  it('names a room number with a space in it', () => {
    expect(fieldsRejectedIn(guestCheckedInSchema, aCheckIn({ room: '12 03' }))).toEqual(['room']);
  });

  it('names an unknown note category', () => {
    expect(fieldsRejectedIn(guestNoteAddedSchema, aNote(guestId, { category: 'gossip' as never }))).toEqual(['category']);
  });

  it('names every offending field at once', () => {
    const dining = aDining(guestId, { outlet: 'rooftop', table: '', at: 'yesterday' });
    expect(fieldsRejectedIn(diningRecordedSchema, dining).sort()).toEqual(['at', 'outlet', 'table']);
  });

  it('lists the offending fields in the error message', () => {
    const error = catchInvalidInput(guestCheckedInSchema, aCheckIn({ propertyId: 'paris', guest: { ...mrYu, phone: '123' } }));
    expect(error.message).toMatch(/^Invalid event: /);
    expect(error.message).toContain('propertyId');
    expect(error.message).toContain('guest.phone');
  });
});

describe('toFieldErrors', () => {
  it('prefixes field paths, e.g. for a request body', () => {
    const result = diningRecordedSchema.safeParse(aDining(guestId, { items: [{ name: 'egg', quantity: 0 }], table: '' }));
    expect(result.success).toBe(false);
    expect(Object.keys(toFieldErrors(result.error!.issues, 'body')).sort()).toEqual(['body.items[0].quantity', 'body.table']);
  });

  it('names the whole input when it is not an object', () => {
    expect(Object.keys(catchInvalidInput(guestCheckedInSchema, 'hello').fields)).toEqual(['(root)']);
  });
});

describe('one contract for the bus and HTTP: times against the publication', () => {
  const publishedAt = new Date('2025-06-08T00:00:00Z');

  it('takes a business time up to five minutes after the publication', () => {
    expect(() => parseEvent(guestCheckedIn, aCheckIn({ at: '2025-06-08T00:04:59Z' }), publishedAt)).not.toThrow();
  });

  it('names a business time further ahead, and a birth date after the day of publication', () => {
    expect(() => parseEvent(guestCheckedIn, aCheckIn({ at: '2099-01-01T00:00:00Z' }), publishedAt, 'detail')).toThrow(
      expect.objectContaining({ fields: { 'detail.at': 'must not be in the future' } }),
    );
    const bornTomorrow = aCheckIn({ at: '2025-06-07T00:00:00Z', guest: { ...mrYu, birthDate: '2025-06-09' } });
    expect(() => parseEvent(guestCheckedIn, bornTomorrow, publishedAt)).toThrow(
      expect.objectContaining({ fields: { 'guest.birthDate': 'must not be in the future' } }),
    );
  });
});
