import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { Mailer } from '../ports.ts';

/**
 * SESv2 SendEmail with simple content: SES builds the MIME (UTF-8 subject and bodies) and adds the headers given, so
 * the one-click unsubscribe headers go out with it. The configuration set routes bounces and complaints back to the
 * suppression list.
 */
export function createSesMailer(client: SESv2Client, configurationSetName: string | undefined): Mailer {
  return {
    async send({ from, to, subject, text, html, headers }) {
      const utf8 = (data: string) => ({ Data: data, Charset: 'UTF-8' });
      const result = await client.send(
        new SendEmailCommand({
          FromEmailAddress: from,
          Destination: { ToAddresses: [to] },
          Content: {
            Simple: {
              Subject: utf8(subject),
              Body: { Text: utf8(text), Html: utf8(html) },
              Headers: headers.map(({ name, value }) => ({ Name: name, Value: value })),
            },
          },
          ...(configurationSetName ? { ConfigurationSetName: configurationSetName } : {}),
        }),
      );
      return result.MessageId ?? '';
    },
  };
}
