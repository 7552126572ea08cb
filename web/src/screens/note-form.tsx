/** Add a note to a guest's card ("ate only the bananas"); the draft survives an error or a sign-in. */
import type { NoteRequest } from '#shared/http/requests';
import { api } from '../api.ts';
import { t } from '../i18n.ts';
import { newEventId, persistedSignal } from '../persist.ts';
import { ErrorMessage, fieldError, Notice, SelectField, TextAreaField } from '../ui.tsx';
import { useState } from 'preact/hooks';

const categories: readonly NoteRequest['category'][] = ['food', 'drink', 'room', 'service', 'complaint', 'celebration', 'other'];

export function NoteForm({ guestId, onSaved }: { guestId: string; onSaved: () => void }) {
  const [draft] = useState(() => persistedSignal(`note:${guestId}`, { category: 'food' as NoteRequest['category'], text: '', eventId: '', at: '' }));
  const [error, setError] = useState<unknown>(undefined);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  return (
    <form
      class="note-form"
      onSubmit={async (event) => {
        event.preventDefault();
        // The same action keeps its id and time until it succeeds: a retry is recorded once.
        if (!draft.value.eventId) draft.value = { ...draft.value, eventId: newEventId(), at: new Date().toISOString() };
        setBusy(true);
        try {
          await api.addNote(guestId, { category: draft.value.category, text: draft.value.text, eventId: draft.value.eventId, at: draft.value.at });
          draft.value = { category: draft.value.category, text: '', eventId: '', at: '' };
          setError(undefined);
          setSaved(true);
          onSaved();
        } catch (caught) {
          setError(caught);
          setSaved(false);
        }
        setBusy(false);
      }}
    >
      <h4>{t('noteAdd')}</h4>
      <SelectField
        label={t('noteCategory')}
        value={draft.value.category}
        onChange={(category) => (draft.value = { ...draft.value, category: category as NoteRequest['category'], eventId: '' })}
        options={categories.map((c) => ({ value: c, label: t(`category_${c}`) }))}
        error={fieldError(error, 'category')}
      />
      <TextAreaField
        label={t('noteText')}
        maxLength={500}
        value={draft.value.text}
        onInput={(text) => (draft.value = { ...draft.value, text, eventId: '' })}
        error={fieldError(error, 'text')}
      />
      <ErrorMessage error={error} />
      {saved ? <Notice>{t('noteSaved')}</Notice> : null}
      <button type="submit" disabled={busy || !draft.value.text.trim()}>
        {t('noteSave')}
      </button>
    </form>
  );
}
