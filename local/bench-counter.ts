/**
 * Counts what the store sends to DynamoDB: a middleware step on the client sees every command's input (and its
 * output), and prices it by the documented rules of bench-units.ts. Writes are priced from the items as they were
 * before and are after the command, read with a second client the counter does not see; Query and Scan pages are
 * priced by the whole items they read (a projection or filter does not make a read cheaper), read again the same way.
 */
import {
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  ScanCommand,
  type QueryCommandInput,
  type ScanCommandInput,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { itemSize, readUnits, writeActionCost, type AttributeMap, type TableDescription, type WriteAction } from './bench-units.ts';

export interface CountedCommand {
  readonly command: string;
  readonly readUnits: number;
  /** What the reads returned, or for a Query or Scan page the whole items it read. */
  readonly readBytes: number;
  readonly tableWriteUnits: number;
  readonly indexWriteUnits: number;
  readonly indexWrites: number;
  /** False when another command was already in flight: it did not add a round trip of its own. */
  readonly sequential: boolean;
  /** The items a write sent, as they are afterwards (for a baseline priced from the same items). */
  readonly written: readonly AttributeMap[];
  /** Each write action and what it cost: what `npm run bench -- --explain` prints. */
  readonly actions: readonly CountedAction[];
}

export interface CountedAction {
  readonly kind: WriteAction['kind'];
  readonly key: string;
  readonly bytes: number;
  readonly tableUnits: number;
  readonly indexUnits: number;
}

export interface CommandCounter {
  /** Runs `work` and returns what it sent, counted; commands sent outside such a run are not counted. */
  measure<T>(work: () => Promise<T>): Promise<{ result: T; commands: CountedCommand[] }>;
}

const attributeTypes = new Set(['S', 'N', 'B', 'BOOL', 'NULL', 'SS', 'NS', 'BS', 'L', 'M']);

/** Items come marshalled from the low-level client and plain from the document client's output. */
function toAttributeMap(item: Record<string, unknown> | undefined): AttributeMap | undefined {
  if (!item) return undefined;
  const marshalled = Object.values(item).every(
    (value) => value && typeof value === 'object' && Object.keys(value).length === 1 && attributeTypes.has(Object.keys(value)[0]!),
  );
  return marshalled ? (item as AttributeMap) : marshall(item, { removeUndefinedValues: true, convertClassInstanceToMap: true });
}

export function summarise(commands: readonly CountedCommand[]) {
  const total = (pick: (c: CountedCommand) => number) => commands.reduce((sum, c) => sum + pick(c), 0);
  return {
    commands: commands.length,
    roundTrips: commands.filter((c) => c.sequential).length,
    readUnits: total((c) => c.readUnits),
    readBytes: total((c) => c.readBytes),
    tableWriteUnits: total((c) => c.tableWriteUnits),
    indexWriteUnits: total((c) => c.indexWriteUnits),
    writeUnits: total((c) => c.tableWriteUnits + c.indexWriteUnits),
  };
}

type CountedCost = Omit<CountedCommand, 'command' | 'sequential'>;

const nothingCounted: CountedCost = { readUnits: 0, readBytes: 0, tableWriteUnits: 0, indexWriteUnits: 0, indexWrites: 0, written: [], actions: [] };

const singleWrites = new Set(['PutItem', 'Put', 'UpdateItem', 'Update', 'DeleteItem', 'Delete']);
const isTransactWrite = (command: string) => command === 'TransactWriteItems' || command === 'TransactWrite';
const isBatchWrite = (command: string) => command === 'BatchWriteItem' || command === 'BatchWrite';

type BatchWriteRequests = Record<string, { PutRequest?: { Item: AttributeMap }; DeleteRequest?: { Key: AttributeMap } }[]>;

/** The write actions a command carries, each as a transaction item; none for a read. */
function writeItemsOf(command: string, input: Record<string, unknown>): TransactWriteItem[] {
  if (isTransactWrite(command)) return input.TransactItems as TransactWriteItem[];
  if (singleWrites.has(command)) return [{ [command.replace(/Item$/, '')]: input } as TransactWriteItem];
  if (!isBatchWrite(command)) return [];
  return Object.entries(input.RequestItems as BatchWriteRequests).flatMap(([TableName, requests]) =>
    requests.map(
      (r): TransactWriteItem => (r.PutRequest ? { Put: { TableName, Item: r.PutRequest.Item } } : { Delete: { TableName, Key: r.DeleteRequest!.Key } }),
    ),
  );
}

interface PendingAction {
  readonly kind: WriteAction['kind'];
  readonly table: string;
  readonly key: AttributeMap;
  readonly before: AttributeMap | undefined;
}

export function attachCommandCounter(client: DynamoDBClient, table: TableDescription, inspector: DynamoDBClient): CommandCounter {
  let recording: CountedCommand[] | undefined;
  let inFlight = 0;

  const keyOf = (item: AttributeMap): AttributeMap => {
    const key: AttributeMap = { [table.partitionKey]: item[table.partitionKey]! };
    if (table.sortKey) key[table.sortKey] = item[table.sortKey]!;
    return key;
  };
  const readItem = async (TableName: string, Key: AttributeMap) => (await inspector.send(new GetItemCommand({ TableName, Key, ConsistentRead: true }))).Item;

  /** The whole items a Query or Scan page read: the same request without projection or filter. */
  async function pageBytes(command: 'Query' | 'Scan', input: QueryCommandInput & ScanCommandInput): Promise<number> {
    const { ProjectionExpression: _p, FilterExpression: _f, Select: _s, ExpressionAttributeNames, ExpressionAttributeValues, ...rest } = input;
    const used = `${rest.KeyConditionExpression ?? ''}`;
    const names = ExpressionAttributeNames && Object.fromEntries(Object.entries(ExpressionAttributeNames).filter(([name]) => used.includes(name)));
    const values = ExpressionAttributeValues && Object.fromEntries(Object.entries(ExpressionAttributeValues).filter(([name]) => used.includes(name)));
    const whole = {
      ...rest,
      ...(names && Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
      ...(values && Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
    };
    const output = await inspector.send(command === 'Query' ? new QueryCommand(whole) : new ScanCommand(whole));
    return (output.Items ?? []).reduce((sum, item) => sum + itemSize(item), 0);
  }

  /** Each write action with its item as it is before the command. */
  function readBefore(items: readonly TransactWriteItem[]): Promise<PendingAction[]> {
    return Promise.all(
      items.map(async (item) => {
        const [kind, action] = Object.entries(item).find(([, value]) => value)! as [
          WriteAction['kind'],
          { TableName: string; Key?: AttributeMap; Item?: AttributeMap },
        ];
        const key = action.Key ?? keyOf(action.Item!);
        return { kind, table: action.TableName, key, before: await readItem(action.TableName, key) };
      }),
    );
  }

  /** Prices each write action from its item before and after the command. */
  async function priceWrites(pending: readonly PendingAction[], transaction: boolean): Promise<CountedCost> {
    const counted = { ...nothingCounted, written: [] as AttributeMap[], actions: [] as CountedAction[] };
    for (const action of pending) {
      const after = action.kind === 'ConditionCheck' ? action.before : await readItem(action.table, action.key);
      const cost = writeActionCost(table, { ...action, after }, transaction);
      counted.tableWriteUnits += cost.tableUnits;
      counted.indexWriteUnits += cost.indexUnits;
      counted.indexWrites += cost.indexWrites;
      if (after && action.kind !== 'ConditionCheck') counted.written.push(after);
      const key = Object.values(action.key)
        .map((value) => value.S ?? value.N ?? '?')
        .join(' / ');
      counted.actions.push({
        kind: action.kind,
        key,
        bytes: Math.max(itemSize(action.before), itemSize(after)),
        tableUnits: cost.tableUnits,
        indexUnits: cost.indexUnits,
      });
    }
    return counted;
  }

  async function priceReads(command: string, input: Record<string, unknown>, output: Record<string, unknown>): Promise<CountedCost> {
    const consistency = input.ConsistentRead ? 'strong' : 'eventual';
    if (command === 'GetItem' || command === 'Get') {
      const readBytes = itemSize(toAttributeMap(output.Item as Record<string, unknown>));
      return { ...nothingCounted, readBytes, readUnits: readUnits(readBytes, consistency) };
    }
    if (command === 'Query' || command === 'Scan') {
      const readBytes = await pageBytes(command, input as unknown as QueryCommandInput & ScanCommandInput);
      return { ...nothingCounted, readBytes, readUnits: readUnits(readBytes, consistency) };
    }
    let reads = 0;
    if (command === 'BatchGetItem' || command === 'BatchGet') {
      const responses = (output.Responses ?? {}) as Record<string, Record<string, unknown>[]>;
      const requests = input.RequestItems as Record<string, { ConsistentRead?: boolean }>;
      for (const [name, items] of Object.entries(responses))
        for (const item of items) reads += readUnits(itemSize(toAttributeMap(item)), requests[name]?.ConsistentRead ? 'strong' : 'eventual');
    } else if (command === 'TransactGetItems' || command === 'TransactGet') {
      for (const response of (output.Responses ?? []) as { Item?: Record<string, unknown> }[])
        reads += readUnits(itemSize(toAttributeMap(response.Item)), 'transactional');
    }
    return { ...nothingCounted, readUnits: reads };
  }

  client.middlewareStack.add(
    (next, context) => async (args) => {
      const active = recording;
      if (!active) return next(args);
      const command = (context.commandName ?? '').replace(/Command$/, '');
      const input = args.input as Record<string, unknown>;
      const sequential = inFlight === 0;
      inFlight++;
      try {
        // Writes: the items before, the command, the items after.
        const writeItems = writeItemsOf(command, input);
        const pending = writeItems.length ? await readBefore(writeItems) : undefined;
        let result: Awaited<ReturnType<typeof next>>;
        try {
          result = await next(args);
        } catch (error) {
          // A refused request (a lost race, a failed condition) was still a round trip.
          active.push({ command, sequential, ...nothingCounted });
          throw error;
        }
        const output = result.output as unknown as Record<string, unknown>;
        const counted = pending ? await priceWrites(pending, isTransactWrite(command)) : await priceReads(command, input, output);
        active.push({ command, sequential, ...counted });
        return result;
      } finally {
        inFlight--;
      }
    },
    { step: 'build', name: 'benchCommandCounter' },
  );

  return {
    async measure(work) {
      const commands: CountedCommand[] = [];
      recording = commands;
      try {
        return { result: await work(), commands };
      } finally {
        recording = undefined;
      }
    },
  };
}
