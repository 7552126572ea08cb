import { describe, expect, it } from 'vitest';
import { identityKeysOf, normaliseEmail, normalisePhone, pmsIdentity } from '#shared/domain/identity';

describe('normaliseEmail', () => {
  it('folds case and surrounding spaces so one guest has one email', () => {
    expect(normaliseEmail('  Yu.Wei@Example.COM ')).toBe('yu.wei@example.com');
  });

  it('drops spaces a clerk typed inside the address', () => {
    expect(normaliseEmail('yu.wei @ example.com')).toBe('yu.wei@example.com');
  });

  it('keeps an already normal address as it is', () => {
    expect(normaliseEmail('yu.wei@example.com')).toBe('yu.wei@example.com');
  });
});

describe('normalisePhone', () => {
  it.each([
    ['+66 2 659 9000', '+6626599000'],
    ['+852-9123-4567', '+85291234567'],
    ['(+852) 9123 4567', '+85291234567'],
    ['+1 (415) 555.0100', '+14155550100'],
    ['0066 2 659 9000', '+6626599000'],
    ['+85291234567', '+85291234567'],
  ])('turns %s into %s', (typed, e164) => {
    expect(normalisePhone(typed)).toBe(e164);
  });

  it.each([
    ['02 659 9000', 'a local number'],
    ['9123 4567', 'a local number without a trunk prefix'],
    ['+0 123 456 789', 'a country code starting with 0'],
    ['+12345', 'too few digits'],
    ['+1234567890123456', 'too many digits'],
    ['+66 2 659 9000 ext 12', 'an extension'],
    ['', 'nothing'],
  ])('gives undefined for %s (%s)', (typed) => {
    expect(normalisePhone(typed)).toBeUndefined();
  });
});

describe('identityKeysOf', () => {
  it('lists the PMS id, then the email, then the phone', () => {
    const keys = identityKeysOf('bangkok', { pmsProfileId: 'P-1001', email: 'Yu.Wei@Example.com', phone: '+852 9123 4567' });
    expect(keys).toEqual([
      { kind: 'pms', value: 'bangkok:P-1001' },
      { kind: 'email', value: 'yu.wei@example.com' },
      { kind: 'phone', value: '+85291234567' },
    ]);
  });

  it('scopes a PMS id by the property that issued it', () => {
    const [bangkokKey] = identityKeysOf('bangkok', { pmsProfileId: 'P-1001' });
    const [otherKey] = identityKeysOf('chiang-mai', { pmsProfileId: 'P-1001' });
    expect(bangkokKey).toEqual({ kind: 'pms', value: 'bangkok:P-1001' });
    expect(otherKey).toEqual({ kind: 'pms', value: 'chiang-mai:P-1001' });
  });

  it('trims the PMS id', () => {
    expect(pmsIdentity('bangkok', '  P-1001 ')).toEqual({ kind: 'pms', value: 'bangkok:P-1001' });
  });

  it('leaves out what the guest did not give', () => {
    expect(identityKeysOf('bangkok', { email: 'yu.wei@example.com' })).toEqual([{ kind: 'email', value: 'yu.wei@example.com' }]);
    expect(identityKeysOf('bangkok', {})).toEqual([]);
  });

  it('leaves out a local phone number, which cannot identify a guest worldwide', () => {
    expect(identityKeysOf('bangkok', { email: 'yu.wei@example.com', phone: '02 659 9000' })).toEqual([{ kind: 'email', value: 'yu.wei@example.com' }]);
  });
});
