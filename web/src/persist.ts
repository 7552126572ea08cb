/**
 * Signals kept in sessionStorage: what a member of staff has typed survives a sign-in (a redirect to the managed
 * login and back, or the local sign-in over the form) and a reload, and is gone when the tab is closed.
 */
import { effect, signal, type Signal } from '@preact/signals';

export function persistedSignal<T>(key: string, initial: T): Signal<T> {
  const storageKey = `draft:${key}`;
  let value = initial;
  try {
    const stored = sessionStorage.getItem(storageKey);
    if (stored !== null) value = JSON.parse(stored) as T;
  } catch {
    // A draft that cannot be read is dropped; the form starts empty.
  }
  const state = signal<T>(value);
  effect(() => {
    sessionStorage.setItem(storageKey, JSON.stringify(state.value));
  });
  return state;
}

/** Ids for writes: generated when an action starts, so a retry of the same action is recorded once. */
export function newEventId(): string {
  return `web-${crypto.randomUUID()}`;
}
