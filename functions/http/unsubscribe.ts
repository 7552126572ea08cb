import { clock, guestStoreFromEnvironment, publisherFromEnvironment, unsubscribeSigningKeyFromEnvironment } from '#shared/aws/runtime';
import { httpHandler } from '#shared/http/http-handler';
import { showUnsubscribePage, unsubscribe } from '#shared/use-cases/unsubscribe';

const dependencies = { reader: guestStoreFromEnvironment(), publisher: publisherFromEnvironment(), clock, signingKey: unsubscribeSigningKeyFromEnvironment() };

/** GET shows the confirmation page; POST (its button, or a mail client's one-click) unsubscribes. */
export const handler = httpHandler(
  async ({ method, query }) => (method === 'POST' ? unsubscribe(dependencies, query) : showUnsubscribePage(dependencies, query)),
  // One-click unsubscribes post `List-Unsubscribe=One-Click` form-encoded; the token in the URL is all that counts.
  { body: 'ignored' },
);
