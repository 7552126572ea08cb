import { clock, guestReaderFromEnvironment, publisherFromEnvironment, unsubscribeSigningKeyFromEnvironment } from '#shared/aws/runtime';
import { httpHandler } from '#shared/http/http-handler';
import { showUnsubscribePage, unsubscribe } from '#shared/use-cases/unsubscribe';

const dependencies = { reader: guestReaderFromEnvironment(), publisher: publisherFromEnvironment(), clock };
/** The signing key, from its secret (cached between requests). */
const readSigningKey = unsubscribeSigningKeyFromEnvironment();

/** GET shows the confirmation page; POST (its button, or a mail client's one-click) unsubscribes. */
export const handler = httpHandler(
  async ({ method, query }) => {
    const withKey = { ...dependencies, signingKey: await readSigningKey() };
    return method === 'POST' ? unsubscribe(withKey, query) : showUnsubscribePage(withKey, query);
  },
  // One-click unsubscribes post `List-Unsubscribe=One-Click` form-encoded; the token in the URL is all that counts.
  { body: 'ignored' },
);
