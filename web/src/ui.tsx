/** Building blocks every screen shares: labelled fields with their error next to them, the top bar, messages. */
import type { ComponentChildren, JSX } from 'preact';
import { useId } from 'preact/hooks';
import { languages, language, setLanguage, t, tOr, type Language } from './i18n.ts';
import { ApiError } from './api.ts';
import { signOut, staff } from './session.ts';
import { onLinkClick } from './router.ts';
import { findProperty } from '#shared/config/properties';

type InputProps = Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'onInput' | 'value' | 'label'>;

export function TextField(
  props: { label: string; value: string; onInput: (value: string) => void; error?: string | undefined; hint?: string; wide?: boolean } & InputProps,
) {
  const { label, value, onInput, error, hint, wide, ...rest } = props;
  const id = useId();
  return (
    <div class={`field${wide ? ' wide' : ''}${error ? ' has-error' : ''}`}>
      <label for={id}>{label}</label>
      <input
        id={id}
        value={value}
        onInput={(event) => onInput(event.currentTarget.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
        {...rest}
      />
      {hint && !error ? (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p class="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A few lines of free text (a note), labelled, with its error next to it. */
export function TextAreaField(props: { label: string; value: string; onInput: (value: string) => void; error?: string | undefined; maxLength: number }) {
  const id = useId();
  return (
    <div class={`field wide${props.error ? ' has-error' : ''}`}>
      <label for={id}>{props.label}</label>
      <textarea
        id={id}
        rows={2}
        maxLength={props.maxLength}
        value={props.value}
        onInput={(event) => props.onInput(event.currentTarget.value)}
        aria-invalid={props.error ? true : undefined}
      />
      <FieldError error={props.error} />
    </div>
  );
}

/** A field's own error, announced when it appears. */
function FieldError({ error }: { error?: string | undefined }) {
  return error ? (
    <p class="field-error" role="alert">
      {error}
    </p>
  ) : null;
}

export function SelectField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly { value: string; label: string }[];
  error?: string | undefined;
}) {
  const id = useId();
  return (
    <div class={`field${props.error ? ' has-error' : ''}`}>
      <label for={id}>{props.label}</label>
      <select id={id} value={props.value} onChange={(event) => props.onChange(event.currentTarget.value)} aria-invalid={props.error ? true : undefined}>
        {props.options.map((option) => (
          <option value={option.value} key={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldError error={props.error} />
    </div>
  );
}

/** What went wrong, said once at the top of a form; field errors sit next to their fields. */
export function ErrorMessage({ error }: { error: unknown }) {
  if (!error) return null;
  const message = describeError(error);
  return message ? (
    <p class="message error" role="alert">
      {message}
    </p>
  ) : null;
}

export function describeError(error: unknown): string | undefined {
  if (!(error instanceof ApiError)) return t('errorGeneric');
  if (error.status === 401) return undefined;
  if (error.status === 0) return t('errorNetwork');
  if (Object.keys(error.fields).length > 0) return `${error.message}. ${t('errorCheckFields')}`;
  return error.message || t('errorGeneric');
}

/** The API's message for a field (`guest.email`), or for its parent object when the field itself is not named. */
export function fieldError(error: unknown, field: string): string | undefined {
  return error instanceof ApiError ? error.fields[field] : undefined;
}

export function Notice({ children }: { children: ComponentChildren }) {
  return (
    <p class="message ok" role="status">
      {children}
    </p>
  );
}

export function Link({ href, children, class: className }: { href: string; children: ComponentChildren; class?: string }) {
  return (
    <a href={href} class={className} onClick={onLinkClick}>
      {children}
    </a>
  );
}

export function LanguageSwitch() {
  return (
    <div class="language-switch" role="group" aria-label={t('language')}>
      {(Object.keys(languages) as Language[]).map((code) => (
        <button type="button" key={code} class="chip" aria-pressed={language.value === code} lang={code} onClick={() => setLanguage(code)}>
          {languages[code].label}
        </button>
      ))}
    </div>
  );
}

export function TopBar({ title, children }: { title: string; children?: ComponentChildren }) {
  const who = staff.value;
  const property = who ? findProperty(who.propertyId) : undefined;
  return (
    <header class="top-bar">
      <a class="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <div class="top-title">
        <strong>{title}</strong>
        {property ? <span>{property.name}</span> : null}
      </div>
      <nav class="top-nav" aria-label={title}>
        {children}
      </nav>
      <div class="top-tools">
        {who ? (
          <span class="who">
            {who.name} · {tOr(`role_${who.role}`, who.role)}
          </span>
        ) : null}
        <LanguageSwitch />
        <Link href="/" class="button quiet">
          {t('switchTerminal')}
        </Link>
        <button
          type="button"
          class="quiet"
          onClick={() => {
            signOut();
            // A full reload: nothing the last person typed stays in memory on a shared screen.
            location.assign('/');
          }}
        >
          {t('signOut')}
        </button>
      </div>
    </header>
  );
}
