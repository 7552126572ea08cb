import { valueSegmentsHandler } from '#shared/events/value-segments-handler';

/**
 * Daily, per property at its local hour (`{"propertyId", "time"}`): the property's guests scored by recency, frequency
 * and spend over 36 months, its top 20% by spend listed for the admins, and each change of membership recorded on
 * the guest's profile (the card's "top 20% by spend" tag).
 */
export const handler = valueSegmentsHandler();
