/**
 * DynamoDB's documented capacity rules, as pure functions over what a request carries (items in AttributeValue form),
 * so `npm run bench` counts units itself: DynamoDB Local reports wrong figures for transactions and none for
 * indexes. The rules (DynamoDB developer guide, "Item sizes and formats", "Read and write operations",
 * "Transactions: capacity management", "Global secondary indexes: provisioned throughput considerations"):
 * - an item's size is the sum of its attribute names and values (UTF-8 strings; numbers 1 byte per two significant
 *   digits plus 1; booleans and nulls 1; lists and maps 3 bytes plus 1 byte per element, map keys counted as names);
 * - a read costs one unit per 4 KB (rounded up), half for an eventually consistent read, twice for a transactional
 *   one; a Query or Scan page rounds the sum of the items it read, not each item;
 * - a write costs one unit per 1 KB of the larger of the item before and after it; twice inside a transaction;
 * - each global secondary index the write puts an item into, changes it in, or takes it out of, costs one write per
 *   index entry touched (two when the index key changes: delete and put), sized by what the index projects.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

export type AttributeMap = Record<string, AttributeValue>;

const kilobyte = 1024;
const readBlock = 4 * kilobyte;
const writeBlock = kilobyte;
/** A Scan or Query returns at most this much data per page. */
const pageLimit = kilobyte * kilobyte;

const utf8Length = (text: string) => Buffer.byteLength(text, 'utf8');

/** Significant digits of a DynamoDB number (sent as a string): sign, point, exponent and outer zeros don't count. */
export function significantDigits(number: string): number {
  const mantissa = number.replace(/^[+-]/, '').split(/[eE]/)[0]!.replace('.', '');
  const trimmed = mantissa.replace(/^0+/, '').replace(/0+$/, '');
  return Math.max(trimmed.length, 1);
}

export function numberSize(number: string): number {
  return Math.ceil(significantDigits(number) / 2) + 1;
}

/** The size of one attribute value, without its name. */
export function attributeValueSize(value: AttributeValue): number {
  if (value.S !== undefined) return utf8Length(value.S);
  if (value.N !== undefined) return numberSize(value.N);
  if (value.B !== undefined) return value.B.byteLength;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS !== undefined) return sum(value.SS.map(utf8Length));
  if (value.NS !== undefined) return sum(value.NS.map(numberSize));
  if (value.BS !== undefined) return sum(value.BS.map((b) => b.byteLength));
  if (value.L !== undefined) return 3 + sum(value.L.map((element) => 1 + attributeValueSize(element)));
  if (value.M !== undefined) return 3 + sum(Object.entries(value.M).map(([name, element]) => 1 + utf8Length(name) + attributeValueSize(element)));
  throw new Error(`unknown attribute value type: ${Object.keys(value).join(', ')}`);
}

/** An item's size as DynamoDB counts it for capacity: attribute names plus values. */
export function itemSize(item: AttributeMap | undefined): number {
  if (!item) return 0;
  return sum(Object.entries(item).map(([name, value]) => utf8Length(name) + attributeValueSize(value)));
}

export type ReadKind = 'eventual' | 'strong' | 'transactional';
const readFactor: Record<ReadKind, number> = { eventual: 0.5, strong: 1, transactional: 2 };

/** Read units for `bytes` read by one request (an absent item still costs the minimum: one block). */
export function readUnits(bytes: number, kind: ReadKind): number {
  return Math.max(1, Math.ceil(bytes / readBlock)) * readFactor[kind];
}

/**
 * Read units of a full Scan of a table holding `tableBytes`, eventually consistent: a Scan reads every item, in pages
 * of up to 1 MB, each page priced on the sum of its items' sizes. Priced as full 1 MB pages and one last page; real
 * pages end at an item's edge, so a real Scan may cost up to half a unit more per page.
 */
export function scanReadUnits(tableBytes: number): number {
  const fullPages = Math.floor(tableBytes / pageLimit);
  const lastPage = tableBytes - fullPages * pageLimit;
  return fullPages * readUnits(pageLimit, 'eventual') + (lastPage > 0 || fullPages === 0 ? readUnits(lastPage, 'eventual') : 0);
}

/** Write units for an item of `bytes` (the larger of before and after); a transaction doubles them. */
export function writeUnits(bytes: number, transactional = false): number {
  return Math.max(1, Math.ceil(bytes / writeBlock)) * (transactional ? 2 : 1);
}

export interface IndexDescription {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey?: string;
  readonly projection: 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
  readonly nonKeyAttributes?: readonly string[];
}

export interface TableDescription {
  readonly partitionKey: string;
  readonly sortKey?: string;
  readonly indexes: readonly IndexDescription[];
}

function indexKeyOf(index: IndexDescription, item: AttributeMap | undefined): string | undefined {
  if (!item) return undefined;
  const partition = item[index.partitionKey];
  const sort = index.sortKey ? item[index.sortKey] : undefined;
  if (!partition || (index.sortKey && !sort)) return undefined;
  return JSON.stringify([partition, sort ?? null]);
}

/** What the index holds of an item: the table's and the index's keys, plus what its projection names. */
export function projectedItem(table: TableDescription, index: IndexDescription, item: AttributeMap): AttributeMap {
  if (index.projection === 'ALL') return item;
  const names = new Set([
    table.partitionKey,
    table.sortKey,
    index.partitionKey,
    index.sortKey,
    ...(index.projection === 'INCLUDE' ? (index.nonKeyAttributes ?? []) : []),
  ]);
  return Object.fromEntries(Object.entries(item).filter(([name]) => names.has(name)));
}

export interface IndexWrite {
  readonly index: string;
  readonly writes: number;
  readonly units: number;
}

/**
 * The index writes one item write causes, from the item before and after: put into the index (1), taken out (1),
 * moved to another index key (2), or its projection changed under the same key (1). Index writes are standard
 * writes, also inside a transaction (DynamoDB doubles only the table writes of a transaction).
 */
export function indexWrites(table: TableDescription, before: AttributeMap | undefined, after: AttributeMap | undefined): IndexWrite[] {
  return table.indexes.flatMap((index) => {
    const oldKey = indexKeyOf(index, before);
    const newKey = indexKeyOf(index, after);
    const oldEntry = oldKey ? projectedItem(table, index, before!) : undefined;
    const newEntry = newKey ? projectedItem(table, index, after!) : undefined;
    const units = (entry: AttributeMap | undefined) => (entry ? writeUnits(itemSize(entry)) : 0);
    let writes: { count: number; units: number };
    if (!oldKey && !newKey) return [];
    if (oldKey && newKey && oldKey === newKey) {
      if (canonical(oldEntry!) === canonical(newEntry!)) return [];
      writes = { count: 1, units: writeUnits(Math.max(itemSize(oldEntry), itemSize(newEntry))) };
    } else {
      writes = { count: (oldKey ? 1 : 0) + (newKey ? 1 : 0), units: units(oldEntry) + units(newEntry) };
    }
    return [{ index: index.name, writes: writes.count, units: writes.units }];
  });
}

/** One action of a write (a transaction's or a single write's), with the item as it was and as it is afterwards. */
export interface WriteAction {
  readonly kind: 'Put' | 'Update' | 'Delete' | 'ConditionCheck';
  readonly before: AttributeMap | undefined;
  readonly after: AttributeMap | undefined;
}

export interface WriteCost {
  readonly tableUnits: number;
  readonly indexUnits: number;
  readonly indexWrites: number;
}

/**
 * Units of one write action. A ConditionCheck inside TransactWriteItems writes nothing but, like every action of a
 * write transaction, is prepared and committed on its item: it is counted as a transactional write of the checked
 * item's size (at least 2 units, for an absent item too).
 */
export function writeActionCost(table: TableDescription, action: WriteAction, transactional: boolean): WriteCost {
  const size =
    action.kind === 'Delete' || action.kind === 'ConditionCheck' ? itemSize(action.before) : Math.max(itemSize(action.before), itemSize(action.after));
  const index = action.kind === 'ConditionCheck' ? [] : indexWrites(table, action.before, action.after);
  return {
    tableUnits: writeUnits(size, transactional),
    indexUnits: sum(index.map((i) => i.units)),
    indexWrites: sum(index.map((i) => i.writes)),
  };
}

export function describeTable(definition: {
  partitionKey: string;
  sortKey?: string;
  indexes: Record<string, { partitionKey: string; sortKey?: string; projection: string; nonKeyAttributes?: readonly string[] }>;
}): TableDescription {
  return {
    partitionKey: definition.partitionKey,
    ...(definition.sortKey ? { sortKey: definition.sortKey } : {}),
    indexes: Object.entries(definition.indexes).map(([name, index]) => ({
      name,
      partitionKey: index.partitionKey,
      ...(index.sortKey ? { sortKey: index.sortKey } : {}),
      projection: index.projection as IndexDescription['projection'],
      ...(index.nonKeyAttributes ? { nonKeyAttributes: index.nonKeyAttributes } : {}),
    })),
  };
}

/** The same attributes in any order (maps nested in any order too) give the same text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value instanceof Uint8Array) return JSON.stringify(Buffer.from(value).toString('base64'));
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([name, inner]) => `${JSON.stringify(name)}:${canonical(inner)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
