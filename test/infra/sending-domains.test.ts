import { describe, expect, it } from 'vitest';
import { properties } from '#shared/config/properties';
import { domainOf } from '#infra/constructs/email-identities';
import { synthesise } from './synthesise.ts';

const app = synthesise();
const domains = [...new Set(properties.map((property) => domainOf(property.senderAddress)))];
const identities = () => Object.entries(app.stateful.findResources('AWS::SES::EmailIdentity'));
const identityLogicalId = (domain: string) => identities().find(([, identity]) => identity.Properties.EmailIdentity === domain)![0];
/** `DnsBangkokExampleCom` */
const outputPrefix = (domain: string) =>
  `Dns${domain
    .split('.')
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('')}`;

describe('sending domains', () => {
  it('derives one domain per distinct sender domain of the properties', () => {
    expect(domains).toEqual(['bangkok.example.com', 'chiangmai.example.com']);
  });

  it('verifies the domains, and no single address', () => {
    expect(identities().map(([, identity]) => identity.Properties.EmailIdentity)).toEqual(domains);
  });

  it.each(domains)('signs mail from %s with Easy DKIM (2048-bit), with a custom MAIL FROM domain, through the configuration set', (domain) => {
    app.stateful.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: domain,
      DkimSigningAttributes: { NextSigningKeyLength: 'RSA_2048_BIT' },
      MailFromAttributes: { MailFromDomain: `mail.${domain}`, BehaviorOnMxFailure: 'USE_DEFAULT_VALUE' },
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: app.configurationSetLogicalId } },
    });
    // DKIM signing is on unless switched off.
    const identity = app.stateful.toJSON().Resources[identityLogicalId(domain)];
    expect(identity.Properties.DkimAttributes?.SigningEnabled ?? true).toBe(true);
  });

  it('lets the campaign functions send from each property address under its domain identity', () => {
    const { findPolicyStatements } = app;
    const statements = findPolicyStatements('birthday-greetings').filter((statement) =>
      [statement.Action].flat().some((action) => action.startsWith('ses:Send')),
    );
    const resources = JSON.stringify(statements.map((statement) => statement.Resource));
    for (const domain of domains) {
      expect(resources).toContain(
        JSON.stringify(app.imported.senderIdentityName(properties.find((property) => domainOf(property.senderAddress) === domain)!.senderAddress)),
      );
    }
  });
});

describe.each(domains)('DNS records to add for %s', (domain) => {
  const prefix = outputPrefix(domain);
  const output = (name: string) => app.stateful.toJSON().Outputs[`${prefix}${name}`]?.Value;

  it.each([1, 2, 3])('outputs DKIM CNAME %s from the identity', (n) => {
    const logicalId = identityLogicalId(domain);
    expect(output(`Dkim${n}`)).toEqual({
      'Fn::Join': [' ', [{ 'Fn::GetAtt': [logicalId, `DkimDNSTokenName${n}`] }, 'CNAME', { 'Fn::GetAtt': [logicalId, `DkimDNSTokenValue${n}`] }]],
    });
  });

  it('outputs the MAIL FROM MX record, pointing at SES feedback in the deploying region', () => {
    expect(output('MailFromMx')).toEqual({
      'Fn::Join': [' ', [`mail.${domain} MX`, { 'Fn::Join': ['', ['10 feedback-smtp.', { Ref: 'AWS::Region' }, '.amazonses.com']] }]],
    });
  });

  it('outputs the MAIL FROM SPF record', () => {
    expect(output('MailFromSpf')).toBe(`mail.${domain} TXT "v=spf1 include:amazonses.com ~all"`);
  });

  it('outputs a DMARC record to start from: monitor only, reports to the domain', () => {
    expect(output('Dmarc')).toBe(`_dmarc.${domain} TXT "v=DMARC1; p=none; rua=mailto:dmarc-reports@${domain}"`);
  });
});

describe('DMARC reports', () => {
  it('go to the address given at deploy time', () => {
    const configured = synthesise({ dmarcReportAddress: 'postmaster@riverside-hotels.test' });
    expect(configured.stateful.toJSON().Outputs.DnsBangkokExampleComDmarc.Value).toBe(
      '_dmarc.bangkok.example.com TXT "v=DMARC1; p=none; rua=mailto:postmaster@riverside-hotels.test"',
    );
  });

  it('refuse an address that is not one', () => {
    expect(() => synthesise({ dmarcReportAddress: 'postmaster' })).toThrow(/dmarcReportAddress/);
  });
});

describe('domainOf', () => {
  it('takes the part after the last @, lower-cased', () => {
    expect(domainOf('Welcome@Bangkok.Example.com')).toBe('bangkok.example.com');
  });

  it('refuses what is not an address', () => {
    expect(() => domainOf('bangkok.example.com')).toThrow(/not an email address/);
  });
});
