/**
 * The front desk corrects a guest's profile: names (only what is typed changes), contact details (emptying one
 * removes it) and consent given or withdrawn at the desk. Each correction is an event with who and when.
 */
import { useState } from 'preact/hooks';
import type { CorrectionRequest } from '#shared/http/requests';
import { api, type CardView } from '../api.ts';
import { t } from '../i18n.ts';
import { newEventId, persistedSignal } from '../persist.ts';
import { ErrorMessage, fieldError, Notice, TextField } from '../ui.tsx';

type Contact = NonNullable<CardView['contact']>;
type Draft = {
  title: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  language: string;
  birthDate: string;
  marketingConsent: boolean;
  eventId: string;
  at: string;
  edited: boolean;
};

const draftOf = (contact: Contact): Draft => ({
  title: '',
  firstName: '',
  lastName: '',
  email: contact.email ?? '',
  phone: contact.phone ?? '',
  language: contact.language ?? '',
  birthDate: contact.birthDate ?? '',
  marketingConsent: contact.marketingConsent ?? false,
  eventId: '',
  at: '',
  edited: false,
});

/** Only what differs from the card: a typed name, a changed or emptied contact field, a changed consent. */
export function changesOf(draft: Draft, contact: Contact): CorrectionRequest['changes'] {
  const changes: Record<string, string | boolean | null> = {};
  for (const field of ['title', 'firstName', 'lastName'] as const) if (draft[field].trim()) changes[field] = draft[field].trim();
  for (const field of ['email', 'phone', 'language', 'birthDate'] as const) {
    const typed = draft[field].trim();
    if (typed !== (contact[field] ?? '')) changes[field] = typed || null;
  }
  if (draft.marketingConsent !== (contact.marketingConsent ?? false)) changes.marketingConsent = draft.marketingConsent;
  return changes as CorrectionRequest['changes'];
}

export function CorrectionForm({ guestId, contact, onSaved }: { guestId: string; contact: Contact; onSaved: () => void }) {
  const [draft] = useState(() => {
    const kept = persistedSignal<Draft>(`correction:${guestId}`, draftOf(contact));
    if (!kept.value.edited) kept.value = draftOf(contact);
    return kept;
  });
  const [error, setError] = useState<unknown>(undefined);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const edit = (patch: Partial<Draft>) => {
    draft.value = { ...draft.value, ...patch, eventId: '', edited: true };
    setSaved(false);
  };
  const changes = changesOf(draft.value, contact);
  const field = (name: keyof Draft & string, label: string, extra: Record<string, unknown> = {}) => (
    <TextField
      label={label}
      value={draft.value[name] as string}
      onInput={(value) => edit({ [name]: value })}
      error={fieldError(error, `changes.${name}`)}
      autoComplete="off"
      {...extra}
    />
  );
  return (
    <details class="correction-form">
      <summary>{t('correctionEdit')}</summary>
      <form
        class="form-grid"
        onSubmit={async (event) => {
          event.preventDefault();
          // The same action keeps its id and time until it succeeds: a retry is recorded once.
          if (!draft.value.eventId) draft.value = { ...draft.value, eventId: newEventId(), at: new Date().toISOString() };
          setBusy(true);
          try {
            await api.correctProfile(guestId, { changes, eventId: draft.value.eventId, at: draft.value.at });
            const typed = { ...draft.value, title: '', firstName: '', lastName: '', eventId: '', at: '', edited: false };
            draft.value = typed;
            setError(undefined);
            // The recorder applies it a moment after the 202: the card is read again until it shows it (a few tries).
            const shows = (card: CardView) =>
              Object.keys(changesOf(typed, card.contact ?? contact)).length === 0 &&
              (!changes.lastName || card.fullName.endsWith(changes.lastName)) &&
              (!changes.firstName || card.fullName.startsWith(changes.firstName));
            for (let attempt = 0; attempt < 10; attempt++) {
              const card = await api.card(guestId).catch(() => undefined);
              if (card && shows(card)) break;
              await new Promise((resolve) => setTimeout(resolve, 150));
            }
            setSaved(true);
            onSaved();
          } catch (caught) {
            setError(caught);
          }
          setBusy(false);
        }}
      >
        <p class="hint wide">{t('correctionHint')}</p>
        {field('title', t('title'), { maxLength: 20 })}
        {field('firstName', t('firstName'), { maxLength: 60 })}
        {field('lastName', t('lastName'), { maxLength: 60 })}
        {field('email', t('email'), { type: 'email', maxLength: 254 })}
        {field('phone', t('phone'), { type: 'tel', maxLength: 30 })}
        {field('language', t('guestLanguage'), { maxLength: 20 })}
        {field('birthDate', t('birthDate'), { placeholder: 'YYYY-MM-DD', maxLength: 10 })}
        <div class="field check wide">
          <label>
            <input type="checkbox" checked={draft.value.marketingConsent} onChange={(e) => edit({ marketingConsent: e.currentTarget.checked })} />{' '}
            {t('correctionConsent')}
          </label>
        </div>
        <ErrorMessage error={error} />
        {saved ? <Notice>{t('correctionSaved')}</Notice> : null}
        <button type="submit" disabled={busy || Object.keys(changes).length === 0}>
          {t('correctionSave')}
        </button>
      </form>
    </details>
  );
}
