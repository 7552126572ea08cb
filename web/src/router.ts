/** The app's own routes are paths (/desk/in-house, /restaurant/terrace); the server answers index.html for them. */
import { signal } from '@preact/signals';

export const path = signal(location.pathname);

export function navigate(to: string, { replace = false } = {}): void {
  if (to === location.pathname) return;
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  path.value = to;
  window.scrollTo(0, 0);
}

addEventListener('popstate', () => {
  path.value = location.pathname;
});

/** A link that navigates inside the app; still a real link for the keyboard, middle-click and screen readers. */
export function onLinkClick(event: MouseEvent): void {
  const anchor = event.currentTarget as HTMLAnchorElement;
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  event.preventDefault();
  navigate(anchor.pathname);
}
