/**
 * Guest tags: the group's small vocabulary staff may set and remove, and the rules of the tags the system derives
 * from the profile. A tag always comes with its evidence (who set it and when, or the facts it was derived from).
 */
export const staffTags = ['vip', 'returning-anniversary', 'press', 'celebration', 'industry'] as const;
export type StaffTagName = (typeof staffTags)[number];

/** `regular`: at least this many stays begun in the last `regularWindowMonths` months. */
export const regularMinimumStays = 3;
export const regularWindowMonths = 24;
/** `long-absence`: in house again after at least this many days away. */
export const longAbsenceDays = 365;
/**
 * `top-spend`: among the property's top guests by spend (the daily segmentation, shared/domain/guest-segments.ts);
 * its evidence is the spend over these months, as the card shows it.
 */
export const topSpendEvidenceMonths = 12;
/** How many of the latest stays' check-in dates the card keeps, to count the stays of the window. */
export const stayDatesKept = 10;
