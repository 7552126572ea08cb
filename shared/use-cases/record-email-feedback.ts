import type { SesFeedback } from '../events/ses-feedback.ts';
import type { CampaignStore } from '../ports.ts';

/**
 * A hard bounce or a complaint suppresses the address for every later send. A transient bounce (mailbox full,
 * server down) does not: SES has already retried, and the next campaign may get through.
 */
export async function recordEmailFeedback(store: Pick<CampaignStore, 'suppress'>, feedback: SesFeedback): Promise<string> {
  if (feedback.eventType === 'Bounce') {
    if (feedback.bounce.bounceType !== 'Permanent') return 'ignored (transient bounce)';
    for (const { emailAddress } of feedback.bounce.bouncedRecipients) await store.suppress(emailAddress, 'bounce', feedback.bounce.timestamp);
    return 'suppressed (bounce)';
  }
  for (const { emailAddress } of feedback.complaint.complainedRecipients) await store.suppress(emailAddress, 'complaint', feedback.complaint.timestamp);
  return 'suppressed (complaint)';
}
