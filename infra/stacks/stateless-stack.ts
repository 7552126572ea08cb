/**
 * The functions and how they are reached, built entirely from the declaration in shared/wiring.ts: an HTTP function
 * gets its routes on the API, an event function gets a rule on the bus. Nothing here names a function by hand.
 */
import { CfnOutput, CrossStackReferences, ReferenceStrength, Stack, type StackProps } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import type { Construct } from 'constructs';
import type { FunctionDeclaration } from '#shared/wiring';
import { BusSubscription } from '#infra/constructs/bus-subscription';
import { GuestApi } from '#infra/constructs/guest-api';
import { GuestFunction } from '#infra/constructs/guest-function';

export interface StatelessStackProps extends StackProps {
  readonly stage: string;
  readonly declarations: readonly FunctionDeclaration[];
  readonly projectRoot: string;
  readonly table: ITable;
  readonly bus: IEventBus;
  readonly jwtIssuer: string;
  readonly jwtAudience: string;
}

export class StatelessStack extends Stack {
  readonly api: GuestApi;
  /** Keyed by declaration name. */
  readonly functions = new Map<string, GuestFunction>();

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    // Exports and imports: CloudFormation then refuses to delete the table's stack while these functions use it.
    CrossStackReferences.of(this).consume(ReferenceStrength.STRONG);
    const { table, bus, projectRoot } = props;

    this.api = new GuestApi(this, 'GuestApi', {
      apiName: `${props.stage}-guest-recognition`,
      jwtIssuer: props.jwtIssuer,
      jwtAudience: props.jwtAudience,
    });

    for (const declaration of props.declarations) {
      const fn = new GuestFunction(this, declaration.name, { declaration, projectRoot, table, bus });
      this.functions.set(declaration.name, fn);

      switch (declaration.trigger) {
        case 'http':
          this.api.addFunctionRoutes(declaration.name, fn.handler, declaration.routes);
          break;
        case 'event':
          new BusSubscription(this, `${declaration.name}-subscription`, {
            bus,
            detailType: declaration.detailType,
            target: fn.handler,
          });
          break;
        default:
          throw new Error(`Unknown trigger in ${JSON.stringify(declaration satisfies never)}`);
      }
    }

    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL terminals call, e.g. <ApiUrl>v1/health' });
  }
}
