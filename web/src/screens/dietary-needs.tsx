/**
 * Allergies and dietary needs on the terminals: shown first and unmistakably on every card, stated (whole) from a
 * short form of the group's fixed list and free text, and checked against the items of a meal before it is saved.
 */
import { useState } from 'preact/hooks';
import { allergens, diets, type AllergenWarning, type DietaryNeeds } from '#shared/domain/dietary-needs';
import type { DietaryNeedsRequest } from '#shared/http/requests';
import { api } from '../api.ts';
import { t } from '../i18n.ts';
import { newEventId, persistedSignal } from '../persist.ts';
import { ErrorMessage, fieldError, Notice, TextField } from '../ui.tsx';

export const allergenName = (allergen: string) => t(`allergen_${allergen}` as 'allergen_egg');
export const dietName = (diet: string) => t(`diet_${diet}` as 'diet_halal');

/** The needs, in a box nobody can miss; nothing at all when none are recorded. */
export function DietaryNeedsAlert({ needs }: { needs: DietaryNeeds | null | undefined }) {
  if (!needs) return null;
  return (
    <section class="dietary-alert" aria-label={t('dietaryTitle')}>
      {needs.allergies.length ? (
        <p class="dietary-allergies">
          <strong>{t('dietaryAllergies')}:</strong> {needs.allergies.map(allergenName).join(', ')}
        </p>
      ) : null}
      {needs.diets.length ? (
        <p class="dietary-diets">
          <strong>{t('dietaryDiets')}:</strong> {needs.diets.map(dietName).join(', ')}
        </p>
      ) : null}
      {needs.other ? <p class="dietary-other">{needs.other}</p> : null}
    </section>
  );
}

/** `edited`: typed since the card was read; an untouched draft always starts from the card, never from an older one. */
type Draft = { allergies: DietaryNeedsRequest['allergies']; diets: DietaryNeedsRequest['diets']; other: string; eventId: string; at: string; edited: boolean };

const draftOf = (needs: DietaryNeeds | null | undefined): Draft => ({
  allergies: [...(needs?.allergies ?? [])],
  diets: [...(needs?.diets ?? [])],
  other: needs?.other ?? '',
  eventId: '',
  at: '',
  edited: false,
});

/** States the guest's needs whole: what is ticked and typed replaces what was recorded. */
export function DietaryNeedsForm({ guestId, needs, onSaved }: { guestId: string; needs: DietaryNeeds | null | undefined; onSaved: () => void }) {
  const [draft] = useState(() => {
    const kept = persistedSignal<Draft>(`dietary:${guestId}`, draftOf(needs));
    if (!kept.value.edited) kept.value = draftOf(needs);
    return kept;
  });
  const [error, setError] = useState<unknown>(undefined);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const edit = (patch: Partial<Draft>) => {
    draft.value = { ...draft.value, ...patch, eventId: '', edited: true };
    setSaved(false);
  };
  const toggle = <T extends string>(list: readonly T[], item: T): T[] => (list.includes(item) ? list.filter((x) => x !== item) : [...list, item]);
  const otherError = fieldError(error, 'other');
  return (
    <details class="dietary-form">
      <summary>{t('dietaryEdit')}</summary>
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          // The same action keeps its id and time until it succeeds: a retry is recorded once.
          if (!draft.value.eventId) draft.value = { ...draft.value, eventId: newEventId(), at: new Date().toISOString() };
          const sending = draft.value;
          setBusy(true);
          try {
            await api.recordDietaryNeeds(guestId, {
              allergies: sending.allergies,
              diets: sending.diets,
              ...(sending.other.trim() ? { other: sending.other.trim() } : {}),
              eventId: sending.eventId,
              at: sending.at,
            });
            draft.value = { ...draft.value, eventId: '', at: '', edited: false };
            setError(undefined);
            await untilCardShows(guestId, sending);
            setSaved(true);
            onSaved();
          } catch (caught) {
            setError(caught);
          }
          setBusy(false);
        }}
      >
        <fieldset class="checks">
          <legend>{t('dietaryAllergies')}</legend>
          {allergens.map((allergen) => (
            <label key={allergen}>
              <input
                type="checkbox"
                checked={draft.value.allergies.includes(allergen)}
                onChange={() => edit({ allergies: toggle(draft.value.allergies, allergen) })}
              />{' '}
              {allergenName(allergen)}
            </label>
          ))}
        </fieldset>
        <fieldset class="checks">
          <legend>{t('dietaryDiets')}</legend>
          {diets.map((diet) => (
            <label key={diet}>
              <input type="checkbox" checked={draft.value.diets.includes(diet)} onChange={() => edit({ diets: toggle(draft.value.diets, diet) })} />{' '}
              {dietName(diet)}
            </label>
          ))}
        </fieldset>
        <TextField wide label={t('dietaryOther')} maxLength={200} value={draft.value.other} onInput={(other) => edit({ other })} error={otherError} />
        <ErrorMessage error={error} />
        {saved ? <Notice>{t('dietarySaved')}</Notice> : null}
        <button type="submit" disabled={busy}>
          {t('dietarySave')}
        </button>
      </form>
    </details>
  );
}

/**
 * The recorder applies the statement a moment after the API's 202: the card is read again until it shows it (a few
 * tries), so the card shown next is not the one from before.
 */
async function untilCardShows(guestId: string, stated: Draft): Promise<void> {
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));
  for (let attempt = 0; attempt < 10; attempt++) {
    const card = await api.card(guestId).catch(() => undefined);
    const needs = card?.dietaryNeeds;
    const cleared = !stated.allergies.length && !stated.diets.length && !stated.other.trim();
    if (
      cleared
        ? card && !needs
        : needs && same(needs.allergies, stated.allergies) && same(needs.diets, stated.diets) && (needs.other ?? '') === stated.other.trim()
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/** What the host reads before a meal naming an allergen is saved: each item and the allergen it names. */
export function AllergenWarnings({ warnings }: { warnings: readonly AllergenWarning[] }) {
  if (!warnings.length) return null;
  return (
    <div class="message error allergen-warning" role="alert">
      <p>{t('allergenWarningTitle')}</p>
      <ul>
        {warnings.map((w) => (
          <li key={`${w.item}-${w.allergen}`}>{t('allergenWarningItem', { item: w.item, allergen: allergenName(w.allergen) })}</li>
        ))}
      </ul>
    </div>
  );
}
