import { SendRawEmailCommand, type SESClient } from '@aws-sdk/client-ses';
import type { Mailer } from '../ports.ts';

/**
 * SES v1 SendRawEmail: raw MIME, so the one-click unsubscribe headers go out as built. The configuration set
 * routes bounces and complaints back to the suppression list.
 */
export function createSesMailer(client: SESClient, configurationSetName: string | undefined): Mailer {
  return {
    async sendRaw({ from, to, raw }) {
      const result = await client.send(
        new SendRawEmailCommand({
          Source: from,
          Destinations: [to],
          RawMessage: { Data: new TextEncoder().encode(raw) },
          ...(configurationSetName ? { ConfigurationSetName: configurationSetName } : {}),
        }),
      );
      return result.MessageId ?? '';
    },
  };
}
