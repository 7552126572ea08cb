/**
 * A walk-in (not staying at the hotel): the host types the name and the email or phone the guest dictates and asks
 * "have we seen you before?". Once asked, the contact is kept only to name the diner when the meal is recorded; it
 * is never shown again.
 */
import { useState } from 'preact/hooks';
import type { OutletConfig } from '#shared/config/properties';
import { salutationOf } from '#shared/domain/recognition-card';
import type { DiningRequest } from '#shared/http/requests';
import { api, ApiError } from '../api.ts';
import { t } from '../i18n.ts';
import { persistedSignal } from '../persist.ts';
import { ErrorMessage, fieldError, TextField } from '../ui.tsx';

export interface WalkInDraft {
  title: string;
  firstName: string;
  lastName: string;
  /** An email (it has an @) or a phone number. */
  contact: string;
  stage: 'form' | 'first-visit' | 'known';
}

export type Diner = NonNullable<DiningRequest['diner']>;

export const walkIn = persistedSignal<WalkInDraft | null>('restaurant-walk-in', null);
export const emptyWalkIn = (): WalkInDraft => ({ title: '', firstName: '', lastName: '', contact: '', stage: 'form' });

function contactOf(draft: WalkInDraft): { email: string } | { phone: string } {
  const contact = draft.contact.trim();
  return contact.includes('@') ? { email: contact } : { phone: contact };
}

/** The diner as the meal names it: the same identity rule as a check-in recognises them next time. */
export function dinerOf(draft: WalkInDraft): Diner {
  const title = draft.title.trim();
  const firstName = draft.firstName.trim();
  return { ...(title ? { title } : {}), ...(firstName ? { firstName } : {}), lastName: draft.lastName.trim(), ...contactOf(draft) };
}

export function walkInSalutation(draft: WalkInDraft): string {
  const title = draft.title.trim();
  const firstName = draft.firstName.trim();
  return salutationOf({ lastName: draft.lastName.trim(), ...(title ? { title } : {}), ...(firstName ? { firstName } : {}) });
}

export function WalkInForm(props: {
  outlet: OutletConfig;
  propertyId: string;
  onKnown: (guestId: string) => void;
  onFirstVisit: () => void;
  onCancel: () => void;
}) {
  const draft = walkIn.value ?? emptyWalkIn();
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const edit = (patch: Partial<WalkInDraft>) => (walkIn.value = { ...draft, ...patch, stage: 'form' });
  const contactError = fieldError(error, 'query.email') ?? fieldError(error, 'query.phone');

  return (
    <form
      class="walk-in panel-form"
      aria-labelledby="walk-in-title"
      onSubmit={async (event) => {
        event.preventDefault();
        setBusy(true);
        try {
          const card = await api.findDiner({ lastName: draft.lastName.trim(), outlet: props.outlet.id, propertyId: props.propertyId, ...contactOf(draft) });
          setError(undefined);
          walkIn.value = { ...draft, stage: 'known' };
          props.onKnown(card.guestId);
        } catch (caught) {
          if (caught instanceof ApiError && caught.status === 404) {
            setError(undefined);
            walkIn.value = { ...draft, stage: 'first-visit' };
            props.onFirstVisit();
          } else setError(caught);
        }
        setBusy(false);
      }}
    >
      <h1 id="walk-in-title">{t('walkInTitle')}</h1>
      <p class="hint wide">{t('walkInHint')}</p>
      <TextField
        label={t('lastName')}
        value={draft.lastName}
        onInput={(lastName) => edit({ lastName })}
        error={fieldError(error, 'query.lastName')}
        required
        maxLength={60}
        autoComplete="off"
      />
      <TextField label={t('firstName')} value={draft.firstName} onInput={(firstName) => edit({ firstName })} maxLength={60} autoComplete="off" />
      <TextField label={t('title')} value={draft.title} onInput={(title) => edit({ title })} maxLength={20} autoComplete="off" />
      <TextField
        label={t('emailOrPhone')}
        value={draft.contact}
        onInput={(contact) => edit({ contact })}
        error={contactError}
        hint={t('walkInContactHint')}
        required
        maxLength={120}
        autoComplete="off"
      />
      <ErrorMessage error={error instanceof ApiError && (error.status === 401 || Object.keys(error.fields).length > 0) ? undefined : error} />
      <div class="actions wide">
        <button type="submit" class="primary big" disabled={busy}>
          {t('walkInLookUp')}
        </button>
        <button type="button" class="big" onClick={props.onCancel}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
