import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { externalIdentityProvider, synthesise } from './synthesise.ts';

/**
 * cdk-nag's AWS Solutions and Serverless rule packs over the whole synthesised app. A finding is fixed in the
 * infra code, or acknowledged there with `Validations.of(construct).acknowledge({ id, reason })` next to the
 * construct it concerns, saying why it stands.
 */
const configurations = {
  'the default configuration (Cognito user pool, AWS managed table key)': {},
  'a customer-managed table key': { tableEncryption: 'customer-managed' },
  'an external identity provider': externalIdentityProvider,
  'a table backup plan and an alarm address': { backup: true, alarmEmail: 'night-manager@riverside-hotels.test' },
};

const listFindings = (root: IConstruct) =>
  [new AwsSolutionsChecks(), new ServerlessChecks()].flatMap((pack) =>
    pack.validateScope(root).violations.map((violation) => ({
      rule: violation.ruleName,
      severity: violation.severity,
      at: violation.violatingResources.map((resource) => resource.constructPath),
    })),
  );

const listAcknowledgements = (root: IConstruct) =>
  root.node
    .findAll()
    .flatMap((construct) =>
      construct.node.metadata
        .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((entry) => Object.entries(entry.data as Record<string, string>)),
    )
    .map(([id, reason]) => ({ id, reason }));

describe.each(Object.entries(configurations))('cdk-nag with %s', (_, context) => {
  const app = synthesise(context);

  it('finds no error and no warning that is not acknowledged', () => {
    expect(listFindings(app.cdkApp)).toEqual([]);
  });

  it('has a reason for every acknowledgement, saying why the finding stands', () => {
    const acknowledgements = listAcknowledgements(app.cdkApp);
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const { id, reason } of acknowledgements) {
      expect(reason.split(' ').length, id).toBeGreaterThanOrEqual(8);
    }
  });
});
