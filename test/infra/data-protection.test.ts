import { describe, expect, it } from 'vitest';
import { synthesise } from './synthesise.ts';

const app = synthesise();

describe('guest table deletion protection', () => {
  it('is on: not even a deliberate DeleteTable succeeds until someone turns it off', () => {
    app.stateful.hasResourceProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: true });
  });
});

describe('table backup plan', () => {
  it('is not created unless asked for', () => {
    app.stateful.resourceCountIs('AWS::Backup::BackupPlan', 0);
    app.stateful.resourceCountIs('AWS::Backup::BackupSelection', 0);
  });

  describe('with -c backup=true', () => {
    const backedUp = synthesise({ backup: 'true' });

    it('backs the guest table up, and only it', () => {
      const selections = Object.values(backedUp.stateful.findResources('AWS::Backup::BackupSelection'));
      expect(selections.map((selection) => selection.Properties.BackupSelection.Resources)).toEqual([[{ 'Fn::GetAtt': [backedUp.tableLogicalId, 'Arn'] }]]);
    });

    it('keeps daily backups 35 days and monthly ones a year, in a vault named for its stage', () => {
      const [plan] = Object.values(backedUp.stateful.findResources('AWS::Backup::BackupPlan'));
      const rules = plan!.Properties.BackupPlan.BackupPlanRule as { Lifecycle: { DeleteAfterDays: number }; TargetBackupVault: unknown }[];
      expect(rules.map((rule) => rule.Lifecycle.DeleteAfterDays).sort((a, b) => a - b)).toEqual([35, 365]);
      backedUp.stateful.hasResourceProperties('AWS::Backup::BackupVault', { BackupVaultName: 'test-guest-recognition' });
    });

    it('keeps the vault when the stack is deleted, as the table is kept', () => {
      backedUp.stateful.hasResource('AWS::Backup::BackupVault', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    });
  });

  it('refuses a backup setting that is not true or false', () => {
    expect(() => synthesise({ backup: 'daily' })).toThrow(/backup/);
  });
});

describe('access log retention', () => {
  /** ACCESS_LOG_RETENTION_DAYS of every function that records who read a guest. */
  const retentionOf = (app: ReturnType<typeof synthesise>) =>
    ['recognition', 'guest-history', 'guest-export', 'check-in'].map(
      (name) => app.stateless.toJSON().Resources[app.findFunctionLogicalId(name)].Properties.Environment.Variables.ACCESS_LOG_RETENTION_DAYS,
    );

  it('is a year unless the deployment says otherwise', () => {
    expect(retentionOf(app)).toEqual(['365', '365', '365', '365']);
  });

  it('follows -c accessLogRetentionDays, in whole days', () => {
    expect(retentionOf(synthesise({ accessLogRetentionDays: '730' }))).toEqual(['730', '730', '730', '730']);
    expect(() => synthesise({ accessLogRetentionDays: '0' })).toThrow(/accessLogRetentionDays/);
    expect(() => synthesise({ accessLogRetentionDays: '30.5' })).toThrow(/whole number/);
  });
});
