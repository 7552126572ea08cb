/** Tags on the card, each with its evidence, and the group's tags staff set or remove with one tap. */
import { useState } from 'preact/hooks';
import { staffTags, type StaffTagName } from '#shared/config/tags';
import type { CardTag } from '#shared/domain/guest-tags';
import { findProperty } from '#shared/config/properties';
import { api } from '../api.ts';
import { formatDate, formatInstant, formatMoney } from '../format.ts';
import { t, tOr } from '../i18n.ts';
import { newEventId } from '../persist.ts';
import { staff } from '../session.ts';
import { ErrorMessage } from '../ui.tsx';

export const tagName = (tag: string) => tOr(`tag_${tag}`, tag);

/**
 * "VIP: set by Front desk, 8 June 2025"; "Regular: 6 stays in 24 months"; "Top 20% by spend: THB 12,500 in the last
 * 12 months; in the top since 1 March 2026". Never a bare label.
 */
export function tagEvidence(tag: CardTag): string {
  const timeZone = findProperty(staff.value?.propertyId ?? '')?.timeZone ?? 'UTC';
  switch (tag.tag) {
    case 'regular':
      return t('tagRegularEvidence', { stays: tag.evidence.stays, months: tag.evidence.months });
    case 'long-absence':
      return t('tagLongAbsenceEvidence', { days: tag.evidence.daysAway, date: formatDate(tag.evidence.lastDepartedOn) });
    case 'top-spend':
      return t('tagTopSpendEvidence', {
        spend: formatMoney(tag.evidence.spend, tag.evidence.currency),
        months: tag.evidence.months,
        date: formatDate(tag.evidence.since),
      });
    default:
      return t('tagStaffEvidence', { role: tOr(`role_${tag.evidence.setByRole}`, tag.evidence.setByRole), at: formatInstant(tag.evidence.setAt, timeZone) });
  }
}

export function TagsList({ tags }: { tags: readonly CardTag[] }) {
  if (!tags.length) return null;
  return (
    <ul class="tags" aria-label={t('tagsTitle')}>
      {tags.map((tag) => (
        <li key={tag.tag} class={`tag ${tag.kind}`}>
          <strong>{tagName(tag.tag)}</strong>: {tagEvidence(tag)}
        </li>
      ))}
    </ul>
  );
}

/** One toggle per tag of the vocabulary: pressed when set. */
export function TagToggles({ guestId, tags, onChanged }: { guestId: string; tags: readonly CardTag[]; onChanged: () => void }) {
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState<StaffTagName | undefined>(undefined);
  const isSet = (tag: StaffTagName) => tags.some((t) => t.kind === 'staff' && t.tag === tag);
  const change = async (tag: StaffTagName) => {
    const set = !isSet(tag);
    setBusy(tag);
    try {
      await api.changeTag(guestId, { tag, set, eventId: newEventId(), at: new Date().toISOString() });
      // The recorder applies it a moment after the 202: read the card again until it shows it (a few tries).
      for (let attempt = 0; attempt < 10; attempt++) {
        const card = await api.card(guestId).catch(() => undefined);
        if (card && card.tags.some((t) => t.kind === 'staff' && t.tag === tag) === set) break;
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
      setError(undefined);
      onChanged();
    } catch (caught) {
      setError(caught);
    }
    setBusy(undefined);
  };
  return (
    <div class="tag-toggles" role="group" aria-label={t('tagsSet')}>
      {staffTags.map((tag) => (
        <button type="button" key={tag} class="chip" aria-pressed={isSet(tag)} disabled={busy !== undefined} onClick={() => void change(tag)}>
          {tagName(tag)}
        </button>
      ))}
      <ErrorMessage error={error} />
    </div>
  );
}
