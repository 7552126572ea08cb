/**
 * The one paging helper for every Query: follows LastEvaluatedKey until the partition (or index key) is read to the
 * end, so no caller can forget a page.
 */
import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type * as z from 'zod/mini';

export type Item = Record<string, unknown>;

/** Each page of a Query, in order. */
export async function* queryPages(db: DynamoDBDocumentClient, input: Omit<QueryCommandInput, 'ExclusiveStartKey'>): AsyncGenerator<Item[]> {
  let ExclusiveStartKey: Item | undefined;
  do {
    const page = await db.send(new QueryCommand({ ...input, ExclusiveStartKey }));
    yield page.Items ?? [];
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
}

/** Every item a Query matches. */
export async function queryAll(db: DynamoDBDocumentClient, input: Omit<QueryCommandInput, 'ExclusiveStartKey'>): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of queryPages(db, input)) items.push(...page);
  return items;
}

/**
 * A page cursor as the caller sees it: opaque base64url of the JSON `schema` checks. Decoding gives undefined for
 * anything else, so the store answers "not a cursor of yours" whatever was sent.
 */
export function cursorCodec<S extends z.ZodMiniType>(schema: S): { encode(cursor: z.output<S>): string; decode(text: string): z.output<S> | undefined } {
  return {
    encode: (cursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url'),
    decode(text) {
      try {
        const parsed = schema.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
        return parsed.success ? parsed.data : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
