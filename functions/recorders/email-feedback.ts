import { campaignStoreFromEnvironment } from '#shared/aws/runtime';
import { eventHandler } from '#shared/events/event-handler';
import { emailBounced, emailComplaintReceived } from '#shared/events/ses-feedback';
import { recordEmailFeedback } from '#shared/use-cases/record-email-feedback';

const store = campaignStoreFromEnvironment();

/** SES bounces and complaints (configuration set -> default bus) feed the suppression list. */
export const handler = eventHandler([emailBounced, emailComplaintReceived], (feedback) => recordEmailFeedback(store, feedback));
