/**
 * The guest events' contracts in an EventBridge schema registry: one JSON Schema (draft 4, which EventBridge accepts
 * as `JSONSchemaDraft4`) per detail-type, generated from the zod definitions (shared/events/event-json-schemas.ts),
 * the same files `npm run openapi` writes to docs/events/. A hotel system's developer finds them in the console next
 * to the bus, and can download code bindings from them.
 */
import { CfnRegistry, CfnSchema } from 'aws-cdk-lib/aws-eventschemas';
import { Construct } from 'constructs';
import { eventSource } from '#shared/events/guest-events';
import { guestEventJsonSchemas } from '#shared/events/event-json-schemas';

export interface GuestEventSchemasProps {
  readonly stage: string;
  /** The bus the events travel on, named in the registry's description. */
  readonly eventBusName: string;
}

export class GuestEventSchemas extends Construct {
  readonly registry: CfnRegistry;
  /** Keyed by detail-type. */
  readonly schemas = new Map<string, CfnSchema>();

  constructor(scope: Construct, id: string, props: GuestEventSchemasProps) {
    super(scope, id);
    this.registry = new CfnRegistry(this, 'Registry', {
      registryName: `${props.stage}-guest-events`,
      description: `What hotel systems may put on the ${props.eventBusName} bus with source ${eventSource}: one schema per detail-type`,
    });
    for (const [detailType, schema] of Object.entries(guestEventJsonSchemas())) {
      this.schemas.set(
        detailType,
        new CfnSchema(this, detailType, {
          registryName: this.registry.attrRegistryName,
          // EventBridge's own naming for a schema of one source and detail-type.
          schemaName: `${eventSource}@${detailType}`,
          type: 'JSONSchemaDraft4',
          content: JSON.stringify(schema),
          description: `The ${detailType} event (source ${eventSource}); generated from shared/events/guest-events.ts`,
        }),
      );
    }
  }
}
