/**
 * The campaigns' view of the table: candidates from the sparse indexes (the cost of a run grows with the day's
 * matches, never with the number of guests), the send ledger, and the suppression list.
 */
import { ConditionalCheckFailedException, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { normaliseEmail } from '../domain/identity.ts';
import type { CampaignStore, ClaimResult, SendClaim, SendStatus } from '../ports.ts';
import { profileFromItem } from './guest-card.ts';
import { entityTypes, keys } from './keys.ts';
import { queryPages } from './query.ts';
import { tableDefinition } from './table.ts';

const indexKeyPrefix = { guestsByBirthday: 'BIRTHDAY#', guestsByLastStayDate: 'LASTSTAY#' } as const;

export function createDynamoCampaignStore({
  documentClient: db,
  tableName: TableName,
}: {
  documentClient: DynamoDBDocumentClient;
  tableName: string;
}): CampaignStore {
  const ledgerKey = (claim: SendClaim) => keys.sentEmail(claim.guestId, claim.campaign, claim.period);

  /** Gives a claim still being sent its final status and why: never turns an email that went out into anything else. */
  async function settleClaimBeingSent(
    claim: SendClaim,
    status: 'failed' | 'unknown',
    why: { name: 'failureReason' | 'errorName'; value: string },
  ): Promise<void> {
    await db.send(
      new UpdateCommand({
        TableName,
        Key: ledgerKey(claim),
        UpdateExpression: 'SET #status = :status, #why = :why',
        ConditionExpression: '#status = :sending',
        ExpressionAttributeNames: { '#status': 'status', '#why': why.name },
        ExpressionAttributeValues: { ':status': status, ':why': why.value, ':sending': 'sending' },
      }),
    );
  }

  return {
    async *listCandidates(index, key) {
      const partitionKey = tableDefinition.indexes[index].partitionKey;
      const pages = queryPages(db, {
        TableName,
        IndexName: index,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': partitionKey },
        ExpressionAttributeValues: { ':pk': `${indexKeyPrefix[index]}${key}` },
      });
      // The index holds keys only: the guest id is in its sort key.
      const sortKey = tableDefinition.indexes[index].sortKey;
      for await (const page of pages) for (const item of page) yield keys.guestIdOfIndexKey(item[sortKey] as string);
    },

    async getProfile(guestId) {
      const { Item } = await db.send(new GetCommand({ TableName, Key: keys.guestProfile(guestId), ConsistentRead: true }));
      return Item && profileFromItem(Item);
    },

    async isSuppressed(email) {
      const { Item } = await db.send(new GetCommand({ TableName, Key: keys.suppression(normaliseEmail(email)), ConsistentRead: true }));
      return Item !== undefined;
    },

    async claimSend(claim) {
      try {
        await db.send(
          new PutCommand({
            TableName,
            Item: { ...ledgerKey(claim), entityType: entityTypes.sentEmail, ...claim, status: 'sending' },
            ConditionExpression: 'attribute_not_exists(pk)',
            // The entry that was there comes back with the refusal: one request says both "not yours" and why.
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        return { claimed: true };
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return heldClaimOf(error.Item);
        throw error;
      }
    },

    async markSent(claim, messageId) {
      await db.send(
        new UpdateCommand({
          TableName,
          Key: ledgerKey(claim),
          UpdateExpression: 'SET #status = :sent, messageId = :messageId',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sent': 'sent', ':messageId': messageId },
        }),
      );
    },

    async releaseSend(claim) {
      await db.send(
        new DeleteCommand({
          TableName,
          Key: ledgerKey(claim),
          // Never release an email that did go out.
          ConditionExpression: '#status = :sending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sending': 'sending' },
        }),
      );
    },

    markFailed: (claim, reason) => settleClaimBeingSent(claim, 'failed', { name: 'failureReason', value: reason }),

    markOutcomeUnknown: (claim, errorName) => settleClaimBeingSent(claim, 'unknown', { name: 'errorName', value: errorName }),

    async suppress(email, reason, at) {
      const address = normaliseEmail(email);
      await db.send(new PutCommand({ TableName, Item: { ...keys.suppression(address), entityType: entityTypes.suppression, email: address, reason, at } }));
    },
  };
}

const sendStatuses: readonly SendStatus[] = ['sending', 'sent', 'failed', 'unknown'];

/**
 * The ledger entry a refused claim ran into, as the conditional Put returned it (raw attribute values: the
 * document client leaves errors as they came). An entry without a status it knows is taken as being sent: never
 * a reason to send.
 */
function heldClaimOf(item: Record<string, AttributeValue> | undefined): Extract<ClaimResult, { claimed: false }> {
  const text = (name: string) => item?.[name]?.S;
  const found = text('status');
  const status = sendStatuses.find((s) => s === found) ?? 'sending';
  const reason = status === 'failed' ? text('failureReason') : status === 'unknown' ? text('errorName') : undefined;
  const claimedFor = text('at');
  return { claimed: false, status, ...(claimedFor ? { claimedFor } : {}), ...(reason ? { reason } : {}) };
}
