/**
 * Email that arrives: one SES domain identity per domain the properties send from, signed with Easy DKIM and sent
 * with a custom MAIL FROM domain, so SPF and DKIM both align with the From domain and DMARC passes. Nothing is sent
 * from a domain until its DNS records are in place; the stack outputs every record to add.
 */
import { Aws, CfnOutput, Fn } from 'aws-cdk-lib';
import { DkimIdentity, EasyDkimSigningKeyLength, EmailIdentity, Identity, MailFromBehaviorOnMxFailure, type IConfigurationSet } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export interface SendingDomainsProps {
  /** The addresses mail is sent from (the properties' `senderAddress`); one identity per distinct domain. */
  readonly senderAddresses: readonly string[];
  /** The default configuration set of every identity, so even a send that names none reports bounces. */
  readonly configurationSet: IConfigurationSet;
  /** Where DMARC aggregate reports go; by default `dmarc-reports@<domain>`. */
  readonly dmarcReportAddress?: string;
}

/** A DNS record an administrator adds for a sending domain. */
export interface DnsRecord {
  readonly name: string;
  readonly type: 'CNAME' | 'MX' | 'TXT';
  readonly value: string;
}

/** `bangkok.example.com` from `welcome@bangkok.example.com`, lower-cased as DNS compares names. */
export function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 1 || at === address.length - 1) throw new Error(`${address} is not an email address`);
  return address.slice(at + 1).toLowerCase();
}

/** The MAIL FROM domain of a sending domain: bounces go there, and SPF is checked against it. */
export const mailFromDomainOf = (domain: string) => `mail.${domain}`;

export class SendingDomains extends Construct {
  /** Keyed by domain. */
  readonly identities = new Map<string, EmailIdentity>();
  /** Each sender address with the domain identity that authorises it. */
  readonly senderIdentities = new Map<string, EmailIdentity>();
  /** Keyed by domain: every record to add to its DNS zone. */
  readonly dnsRecords = new Map<string, DnsRecord[]>();

  constructor(scope: Construct, id: string, { senderAddresses, configurationSet, dmarcReportAddress }: SendingDomainsProps) {
    super(scope, id);

    for (const address of senderAddresses) {
      const domain = domainOf(address);
      let identity = this.identities.get(domain);
      if (!identity) {
        identity = new EmailIdentity(this, `Domain-${domain}`, {
          identity: Identity.domain(domain),
          dkimIdentity: DkimIdentity.easyDkim(EasyDkimSigningKeyLength.RSA_2048_BIT),
          mailFromDomain: mailFromDomainOf(domain),
          // Until the MX record exists SES falls back to amazonses.com as MAIL FROM: mail still goes out, with
          // SPF aligned only once the record is added.
          mailFromBehaviorOnMxFailure: MailFromBehaviorOnMxFailure.USE_DEFAULT_VALUE,
          configurationSet,
        });
        this.identities.set(domain, identity);
        this.dnsRecords.set(domain, describeDnsRecords(domain, identity, dmarcReportAddress ?? `dmarc-reports@${domain}`));
      }
      this.senderIdentities.set(address, identity);
    }

    for (const [domain, records] of this.dnsRecords) {
      const prefix = outputPrefix(domain);
      const [dkim1, dkim2, dkim3, mx, spf, dmarc] = records;
      const outputs = { Dkim1: dkim1, Dkim2: dkim2, Dkim3: dkim3, MailFromMx: mx, MailFromSpf: spf, Dmarc: dmarc };
      for (const [name, record] of Object.entries(outputs)) {
        new CfnOutput(scope, `${prefix}${name}`, {
          value: Fn.join(' ', [record!.name, record!.type, record!.value]),
          description: `DNS record for ${domain} (name type value): ${describePurpose(name)}`,
        });
      }
    }
  }
}

function describeDnsRecords(domain: string, identity: EmailIdentity, dmarcReportAddress: string): DnsRecord[] {
  const mailFrom = mailFromDomainOf(domain);
  return [
    { name: identity.dkimDnsTokenName1, type: 'CNAME', value: identity.dkimDnsTokenValue1 },
    { name: identity.dkimDnsTokenName2, type: 'CNAME', value: identity.dkimDnsTokenValue2 },
    { name: identity.dkimDnsTokenName3, type: 'CNAME', value: identity.dkimDnsTokenValue3 },
    { name: mailFrom, type: 'MX', value: `10 feedback-smtp.${Aws.REGION}.amazonses.com` },
    { name: mailFrom, type: 'TXT', value: '"v=spf1 include:amazonses.com ~all"' },
    // A start: reports only, nothing rejected. Move to p=quarantine, then p=reject, once the reports show only SES.
    { name: `_dmarc.${domain}`, type: 'TXT', value: `"v=DMARC1; p=none; rua=mailto:${dmarcReportAddress}"` },
  ];
}

function describePurpose(outputName: string): string {
  if (outputName.startsWith('Dkim')) return 'Easy DKIM signing key (CNAME)';
  if (outputName === 'MailFromMx') return 'MAIL FROM domain, where bounces return (MX)';
  if (outputName === 'MailFromSpf') return 'SPF for the MAIL FROM domain (TXT)';
  return 'DMARC policy to start from: monitor only (TXT)';
}

/** `DnsBangkokExampleCom`: output ids are letters and digits only. */
function outputPrefix(domain: string): string {
  return `Dns${domain
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('')}`;
}
