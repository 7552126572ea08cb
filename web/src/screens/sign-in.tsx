/** Local sign-in (the local runtime issues the token) or Cognito's managed login (authorization code + PKCE). */
import { useState } from 'preact/hooks';
import { properties } from '#shared/config/properties';
import { roles } from '#shared/http/caller';
import { t, tOr } from '../i18n.ts';
import { config, lastStaff, signInLocally, startCognitoSignIn, staff } from '../session.ts';
import { LanguageSwitch, SelectField, TextField } from '../ui.tsx';
import { terminals } from '../terminals.ts';

/** Roles that have a terminal to open, in the order the API declares them. */
const signInRoles = roles.filter((role) => terminals.some((terminal) => terminal.roles.includes(role)));

export function SignIn({ again = false }: { again?: boolean }) {
  const signIn = config.value?.signIn;
  const previous = { ...lastStaff(), ...(staff.value ?? {}) };
  const [role, setRole] = useState<string>(previous.role && signInRoles.includes(previous.role as never) ? previous.role : signInRoles[0]!);
  const [propertyId, setPropertyId] = useState(
    previous.propertyId && properties.some((p) => p.id === previous.propertyId) ? previous.propertyId : properties[0]!.id,
  );
  const [name, setName] = useState(previous.name ?? '');
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const body = (
    <>
      <h1 id="sign-in-title">{again ? t('signInAgainTitle') : t('signInTitle')}</h1>
      {again ? <p class="message warn">{t('signInAgainHint')}</p> : null}
      {signIn?.kind === 'cognito' ? (
        <button type="button" class="primary big" onClick={() => void startCognitoSignIn(signIn)}>
          {t('signInCognitoButton')}
        </button>
      ) : (
        <form
          class="form-grid"
          onSubmit={async (event) => {
            event.preventDefault();
            setBusy(true);
            const result = await signInLocally({ role, propertyId, name: name.trim() });
            setBusy(false);
            setFields(result.fields ?? {});
          }}
        >
          <p class="hint wide">{t('signInLocalHint')}</p>
          <SelectField
            label={t('signInRole')}
            value={role}
            onChange={setRole}
            options={signInRoles.map((r) => ({ value: r, label: tOr(`role_${r}`, r) }))}
            error={fields.role}
          />
          <SelectField
            label={t('signInProperty')}
            value={propertyId}
            onChange={setPropertyId}
            options={properties.map((p) => ({ value: p.id, label: p.name }))}
            error={fields.propertyId}
          />
          <TextField label={t('signInName')} value={name} onInput={setName} error={fields.name} required maxLength={60} autoComplete="name" wide />
          <div class="actions wide">
            <button type="submit" class="primary big" disabled={busy}>
              {t('signInButton')}
            </button>
          </div>
        </form>
      )}
    </>
  );

  if (again) {
    return (
      <div class="overlay">
        <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="sign-in-title">
          {body}
        </div>
      </div>
    );
  }
  return (
    <main id="main" class="centred">
      <div class="panel sign-in">
        <div class="panel-tools">
          <LanguageSwitch />
        </div>
        {body}
      </div>
    </main>
  );
}
