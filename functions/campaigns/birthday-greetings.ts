import { campaignHandler } from '#shared/events/campaign-handler';

/**
 * Daily, per property at its local hour (`{"propertyId", "time"}`): every guest of that property whose birthday is
 * today there, with "we miss you" when away a year or more.
 */
export const handler = campaignHandler('birthday-greetings');
