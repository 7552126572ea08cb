import { getDocumentClient } from '#shared/aws/clients';
import { readEnvironment, nonEmpty } from '#shared/env';
import { eventHandler } from '#shared/events/event-handler';
import { emailBounced, emailComplaintReceived } from '#shared/events/ses-feedback';
import { createDynamoCampaignStore } from '#shared/store/dynamo-campaign-store';
import { recordEmailFeedback } from '#shared/use-cases/record-email-feedback';
import { environmentNames } from '#shared/wiring';
import * as z from 'zod/mini';

const env = readEnvironment(z.object({ [environmentNames.tableName]: nonEmpty }));
const store = createDynamoCampaignStore({ documentClient: getDocumentClient(), tableName: env[environmentNames.tableName]! });

/** SES bounces and complaints (configuration set -> default bus) feed the suppression list. */
export const handler = eventHandler([emailBounced, emailComplaintReceived], (feedback) => recordEmailFeedback(store, feedback));
