/** Edit or delete a note on the card: offered only to the note's author's role and admins, as the API allows. */
import { useState } from 'preact/hooks';
import type { Note } from '#shared/domain/guest-profile';
import { api } from '../api.ts';
import { t } from '../i18n.ts';
import { newEventId } from '../persist.ts';
import { staff } from '../session.ts';
import { ErrorMessage, fieldError, TextAreaField } from '../ui.tsx';

export function mayChangeNote(note: Note): boolean {
  const role = staff.value?.role;
  return role === 'admin' || role === note.authorRole;
}

/** The note's own buttons: "Edit" opens its text for editing, "Delete" takes it off the card. */
export function NoteChanges({ guestId, note, onChanged }: { guestId: string; note: Note; onChanged: () => void }) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(note.text);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  if (!mayChangeNote(note)) return null;
  const send = async (change: { action: 'edit'; text: string } | { action: 'delete' }) => {
    setBusy(true);
    try {
      await api.changeNote(guestId, note.noteId, { ...change, eventId: newEventId(), at: new Date().toISOString() });
      // The recorder applies it a moment after the 202: read the card again until it shows it (a few tries).
      for (let attempt = 0; attempt < 10; attempt++) {
        const card = await api.card(guestId).catch(() => undefined);
        const now = card?.notes.find((n) => n.noteId === note.noteId);
        if (card && (change.action === 'delete' ? !now : now?.text === change.text.trim())) break;
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
      setError(undefined);
      setEditing(false);
      onChanged();
    } catch (caught) {
      setError(caught);
    }
    setBusy(false);
  };
  return editing ? (
    <form
      class="note-edit"
      onSubmit={(event) => {
        event.preventDefault();
        void send({ action: 'edit', text });
      }}
    >
      <TextAreaField label={t('noteEditText')} maxLength={500} value={text} onInput={setText} error={fieldError(error, 'text')} />
      <ErrorMessage error={error} />
      <button type="submit" disabled={busy || !text.trim()}>
        {t('noteEditSave')}
      </button>{' '}
      <button type="button" class="quiet" onClick={() => setEditing(false)}>
        {t('cancel')}
      </button>
    </form>
  ) : (
    <span class="note-actions">
      <button type="button" class="quiet" aria-label={t('noteEditLabel', { text: note.text.slice(0, 40) })} onClick={() => setEditing(true)}>
        {t('noteEdit')}
      </button>
      <button
        type="button"
        class="quiet"
        aria-label={t('noteDeleteLabel', { text: note.text.slice(0, 40) })}
        disabled={busy}
        onClick={() => void send({ action: 'delete' })}
      >
        {t('noteDelete')}
      </button>
      <ErrorMessage error={error} />
    </span>
  );
}
