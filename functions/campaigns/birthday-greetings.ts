import { campaignHandler } from '#shared/events/campaign-handler';

/** Daily: every guest whose birthday is today at their property, with "we miss you" when away a year or more. */
export const handler = campaignHandler('birthday-greetings');
