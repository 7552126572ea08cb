/**
 * The capacity rules `npm run bench` counts by, checked against the examples of DynamoDB's developer guide ("Item
 * sizes and formats", "Read and write operations", "Global secondary indexes: provisioned throughput"), so a change
 * to the counting that would make the bench's figures wrong fails here.
 */
import { describe, expect, it } from 'vitest';
import { marshall } from '@aws-sdk/util-dynamodb';
import {
  attributeValueSize,
  describeTable,
  indexWrites,
  itemSize,
  numberSize,
  readUnits,
  scanReadUnits,
  writeActionCost,
  writeUnits,
  type TableDescription,
} from '#local/bench-units';
import { tableDefinition } from '#shared/store/table';

describe('item size', () => {
  it('counts a string as its name plus its UTF-8 bytes', () => {
    expect(itemSize({ name: { S: 'Yu' } })).toBe(4 + 2);
    expect(itemSize({ surname: { S: 'Müller' } })).toBe(7 + 7);
  });

  it('counts a number as one byte per two significant digits plus one, leading and trailing zeros trimmed', () => {
    expect(numberSize('2099')).toBe(3);
    expect(numberSize('12345')).toBe(4);
    expect(numberSize('001230000')).toBe(3);
    expect(numberSize('-0.5')).toBe(2);
  });

  it('counts a boolean or a null as one byte', () => {
    expect(itemSize({ ok: { BOOL: true }, none: { NULL: true } })).toBe(2 + 1 + 4 + 1);
  });

  it('counts a binary value by its raw bytes', () => {
    expect(attributeValueSize({ B: new Uint8Array(10) })).toBe(10);
  });

  it('adds 3 bytes per list or map and 1 byte per element, map keys counted like names', () => {
    expect(attributeValueSize({ L: [] })).toBe(3);
    expect(attributeValueSize({ M: {} })).toBe(3);
    expect(attributeValueSize({ L: [{ S: 'ab' }, { N: '1' }] })).toBe(3 + (1 + 2) + (1 + 2));
    expect(attributeValueSize({ M: { a: { S: 'xy' } } })).toBe(3 + (1 + 1 + 2));
  });

  it('gives a flat item the sum of its names and values (a worked example of the rules: 141 bytes)', () => {
    const item = marshall({
      itemType: 'SLOT',
      id: 'abc1231',
      hostName: 'Harry Mason',
      timeSlot: 'February 23, 1999',
      slotStatus: 'OPEN',
      createdAt: 'February 1, 1999',
      updatedAt: 'February 1, 1999',
      expiresAt: 2099,
    });
    expect(itemSize(item)).toBe(141);
  });
});

describe('read and write units', () => {
  it('rounds reads up to 4 KB: a 3,500-byte item costs what a 4 KB item costs', () => {
    expect(readUnits(3500, 'strong')).toBe(1);
    expect(readUnits(4096, 'strong')).toBe(1);
    expect(readUnits(4097, 'strong')).toBe(2);
  });

  it('reads an 8 KB item for 2 units strongly consistent, 1 eventually consistent, 4 in a transaction', () => {
    expect(readUnits(8 * 1024, 'strong')).toBe(2);
    expect(readUnits(8 * 1024, 'eventual')).toBe(1);
    expect(readUnits(8 * 1024, 'transactional')).toBe(4);
  });

  it('charges the minimum for a read that finds nothing', () => {
    expect(readUnits(0, 'eventual')).toBe(0.5);
    expect(readUnits(0, 'strong')).toBe(1);
  });

  it('rounds writes up to 1 KB: a 500-byte item costs 1, a 1 KB item 1, a 3 KB item 3, 6 in a transaction', () => {
    expect(writeUnits(500)).toBe(1);
    expect(writeUnits(1024)).toBe(1);
    expect(writeUnits(3 * 1024)).toBe(3);
    expect(writeUnits(3 * 1024, true)).toBe(6);
  });

  it('prices a Scan as 1 MB pages of eventually consistent reads: 128 units a full page, the last page rounded up to 4 KB', () => {
    expect(scanReadUnits(0)).toBe(0.5);
    expect(scanReadUnits(5000)).toBe(1);
    expect(scanReadUnits(1024 * 1024)).toBe(128);
    expect(scanReadUnits(3 * 1024 * 1024 + 4097)).toBe(3 * 128 + 1);
  });
});

describe('index writes', () => {
  const table: TableDescription = {
    partitionKey: 'pk',
    sortKey: 'sk',
    indexes: [
      { name: 'all', partitionKey: 'gpk', sortKey: 'gsk', projection: 'ALL' },
      { name: 'keys', partitionKey: 'kpk', sortKey: 'ksk', projection: 'KEYS_ONLY' },
    ],
  };
  const base = { pk: { S: 'GUEST#1' }, sk: { S: 'PROFILE' } };
  const inAll = { gpk: { S: 'BIRTHDAY#06-20' }, gsk: { S: 'GUEST#1' } };
  const inKeys = { kpk: { S: 'SURNAME#yu' }, ksk: { S: 'GUEST#1' } };

  it('costs nothing for an item that carries no index key before or after', () => {
    expect(indexWrites(table, undefined, base)).toEqual([]);
  });

  it('puts a new item that carries the index key into the index: one write', () => {
    expect(indexWrites(table, undefined, { ...base, ...inAll })).toEqual([{ index: 'all', writes: 1, units: 1 }]);
  });

  it('moves an item whose index key changed: a delete and a put', () => {
    const moved = indexWrites(table, { ...base, ...inAll }, { ...base, ...inAll, gpk: { S: 'BIRTHDAY#06-21' } });
    expect(moved).toEqual([{ index: 'all', writes: 2, units: 2 }]);
  });

  it('takes out an item that lost its index key: one write', () => {
    expect(indexWrites(table, { ...base, ...inAll }, base)).toEqual([{ index: 'all', writes: 1, units: 1 }]);
  });

  it('rewrites an ALL projection when any attribute changes, sized by the whole item', () => {
    const big = { notes: { S: 'x'.repeat(3000) } };
    expect(indexWrites(table, { ...base, ...inAll, ...big, version: { N: '1' } }, { ...base, ...inAll, ...big, version: { N: '2' } })).toEqual([
      { index: 'all', writes: 1, units: 3 },
    ]);
  });

  it('leaves a KEYS_ONLY index alone when only other attributes change', () => {
    expect(indexWrites(table, { ...base, ...inKeys, version: { N: '1' } }, { ...base, ...inKeys, version: { N: '2' } })).toEqual([]);
  });

  it('doubles a transaction’s table writes, not its index writes, and prices a replaced item by the larger image', () => {
    const before = { ...base, ...inAll, notes: { S: 'x'.repeat(2500) } };
    const after = { ...base, ...inAll, notes: { S: 'short' } };
    expect(writeActionCost(table, { kind: 'Put', before, after }, true)).toEqual({ tableUnits: 6, indexUnits: 3, indexWrites: 1 });
    expect(writeActionCost(table, { kind: 'Put', before, after }, false)).toEqual({ tableUnits: 3, indexUnits: 3, indexWrites: 1 });
  });

  it('counts a transaction’s condition check as a transactional write of the checked item, at least 2 units', () => {
    expect(writeActionCost(table, { kind: 'ConditionCheck', before: undefined, after: undefined }, true)).toEqual({
      tableUnits: 2,
      indexUnits: 0,
      indexWrites: 0,
    });
  });

  it('describes the project’s table with every index and its projection', () => {
    const described = describeTable(tableDefinition);
    expect(described.indexes.map((i) => i.name)).toEqual(Object.keys(tableDefinition.indexes));
    expect(described.indexes.every((i) => ['ALL', 'KEYS_ONLY', 'INCLUDE'].includes(i.projection))).toBe(true);
  });
});
