/**
 * The Mailer port over SES v2 (SendEmail, simple content: subject, HTML and text, UTF-8). The one mail adapter: in
 * AWS it sends through the region's SES as the stack's email identity (MAIL_FROM); locally and in tests the same code
 * talks to aws-ses-v2-local at SES_ENDPOINT.
 */
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Config } from '../../config';
import type { Mailer, MailMessage } from '../../ports';

/** aws-ses-v2-local wants a signed request but checks no credentials; fixed ones keep real AWS ones out of it. */
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export interface SesMailer extends Mailer {
  /** Closes the client's connections (the local runtime's close, tests). */
  destroy(): void;
}

export function createSesMailer(config: Pick<Config, 'AWS_REGION' | 'SES_ENDPOINT' | 'MAIL_FROM'>): SesMailer {
  let client: SESv2Client | undefined;
  // Loaded and built on the first mail: the API function only mails when an admin runs the job, so its cold start
  // does not pay for the SES client (a chunk of its own in the bundle).
  const ses = () => import('@aws-sdk/client-sesv2');
  const sesClient = async () =>
    (client ??= new (await ses()).SESv2Client({
      region: config.AWS_REGION,
      ...(config.SES_ENDPOINT ? { endpoint: config.SES_ENDPOINT, credentials: LOCAL_CREDENTIALS } : {}),
    }));
  return {
    async send(message: MailMessage) {
      if (!config.MAIL_FROM) throw new Error('MAIL_FROM is not set: no sender address for alert mails');
      const { SendEmailCommand } = await ses();
      const out = await (await sesClient()).send(
        new SendEmailCommand({
          FromEmailAddress: config.MAIL_FROM,
          Destination: { ToAddresses: message.to },
          Content: {
            Simple: {
              Subject: { Data: message.subject, Charset: 'UTF-8' },
              Body: { Html: { Data: message.html, Charset: 'UTF-8' }, Text: { Data: message.text, Charset: 'UTF-8' } },
            },
          },
        }),
      );
      return { messageId: out.MessageId ?? '' };
    },
    destroy() {
      client?.destroy();
      client = undefined;
    },
  };
}
