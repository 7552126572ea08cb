import { campaignHandler } from '#shared/events/campaign-handler';

/** Daily: every guest whose last stay ended exactly N years ago today (N per property, 1, 2 and 3 by default). */
export const handler = campaignHandler('lapsed-guests');
