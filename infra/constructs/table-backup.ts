/**
 * An AWS Backup plan for the guest table (`-c backup=true`): daily backups kept 35 days and monthly ones kept a
 * year, in a vault of their own. Point-in-time recovery already covers the last 35 days; this adds copies that
 * outlive a deleted table and the monthly ones an auditor may ask for.
 */
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { BackupPlan, BackupResource, BackupVault } from 'aws-cdk-lib/aws-backup';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';

export interface TableBackupProps {
  readonly stage: string;
  readonly table: ITable;
}

export class TableBackup extends Construct {
  readonly vault: BackupVault;
  readonly plan: BackupPlan;

  constructor(scope: Construct, id: string, { stage, table }: TableBackupProps) {
    super(scope, id);
    this.vault = new BackupVault(this, 'Vault', {
      backupVaultName: `${stage}-guest-recognition`,
      // The backups are guest data, kept as the table is.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.plan = BackupPlan.dailyMonthly1YearRetention(this, 'Plan', this.vault);
    const selection = this.plan.addSelection('GuestTable', { resources: [BackupResource.fromDynamoDbTable(table)] });
    Validations.of(selection).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      reason:
        'The role only AWS Backup assumes, to back up the resources this selection names; AWS keeps its managed backup policy in step with what each service needs for a backup',
    });
  }
}
