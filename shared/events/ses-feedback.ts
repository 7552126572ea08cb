/**
 * What SES publishes on the account's default bus (configuration set -> EventBridge destination) when a mail
 * bounces or the recipient complains. Only the fields the suppression list needs are checked; SES adds more.
 */
import * as z from 'zod/mini';
import { defineEvent } from './guest-events.ts';

export const sesSource = 'aws.ses';

export const sesFeedbackDetailTypes = {
  bounced: 'Email Bounced',
  complained: 'Email Complaint Received',
} as const;

const recipients = z.array(z.object({ emailAddress: z.string().check(z.minLength(3), z.maxLength(320)) })).check(z.minLength(1));

export const sesFeedbackSchema = z.union([
  z.object({
    eventType: z.literal('Bounce'),
    mail: z.object({ messageId: z.string() }),
    bounce: z.object({ bounceType: z.string(), bouncedRecipients: recipients, timestamp: z.string() }),
  }),
  z.object({
    eventType: z.literal('Complaint'),
    mail: z.object({ messageId: z.string() }),
    complaint: z.object({ complainedRecipients: recipients, timestamp: z.string() }),
  }),
]);
export type SesFeedback = z.output<typeof sesFeedbackSchema>;

export const emailBounced = defineEvent(sesFeedbackDetailTypes.bounced, sesFeedbackSchema);
export const emailComplaintReceived = defineEvent(sesFeedbackDetailTypes.complained, sesFeedbackSchema);
