import { campaignHandler } from '#shared/events/campaign-handler';

/**
 * Daily, per property at its local hour (`{"propertyId", "time"}`): every guest whose last stay, at that property,
 * ended exactly N years ago today (N per property, 1, 2 and 3 by default).
 */
export const handler = campaignHandler('lapsed-guests');
