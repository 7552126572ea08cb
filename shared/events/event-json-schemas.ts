/**
 * JSON Schemas of the guest events, generated from their zod definitions (shared/events/guest-events.ts): what a
 * hotel system puts on the bus, as EventBridge sees it (`source`, `detail-type`, `detail`). Draft 4, the JSON Schema
 * version EventBridge's schema registry accepts (`JSONSchemaDraft4`); `npm run openapi` writes them to docs/events/
 * and the stack registers the same in the bus's schema registry.
 *
 * What JSON Schema cannot say is checked by the recorders all the same: that a property, outlet or meal period is one
 * of the group's, that exactly one way to name a diner is given, and the time bounds of `parseEvent`.
 */
import * as z from 'zod/mini';
import { properties } from '../config/properties.ts';
import { eventIdSchema, eventSource, guestEvents, guestIdSchema, instantSchema, propertyIdSchema, type EventDefinition } from './guest-events.ts';

export const eventSchemaDialect = 'http://json-schema.org/draft-04/schema#';

type Override = NonNullable<Parameters<typeof z.toJSONSchema>[1]>['override'];

/**
 * What the shared fields' checks say beyond their pattern, for both the events' and the HTTP API's schemas: the
 * property ids are the group's (shared/config/properties.ts), and the rest is told in words.
 */
export const annotateSharedFields: Override = ({ zodSchema, jsonSchema }) => {
  if (zodSchema === propertyIdSchema) {
    jsonSchema.enum = properties.map((property) => property.id);
    jsonSchema.description = 'A property of the group (shared/config/properties.ts).';
  } else if (zodSchema === instantSchema) {
    jsonSchema.description = 'ISO-8601 date and time with an offset, on a real calendar date, not before 2000-01-01.';
  } else if (zodSchema === eventIdSchema) {
    jsonSchema.description = "The sender's own id for the event, scoped by source and property: the same id with the same content is recorded once.";
  } else if (zodSchema === guestIdSchema) {
    jsonSchema.description = 'A guest id, as this system gives it (random).';
  }
};

/** The schema of one guest event: the envelope fields EventBridge matches on, and the detail a recorder parses. */
export function eventJsonSchema(definition: EventDefinition): Record<string, unknown> {
  // What a producer sends: the input side of defaults and transforms (`"2 x egg"` is an ordered item too).
  const { $schema: _dialect, ...detail } = z.toJSONSchema(definition.schema, { target: 'draft-04', io: 'input', override: annotateSharedFields }) as Record<
    string,
    unknown
  >;
  return {
    $schema: eventSchemaDialect,
    title: definition.detailType,
    description: `A ${definition.detailType} event on the guest-events bus (source ${eventSource}). Generated from shared/events/guest-events.ts.`,
    type: 'object',
    properties: {
      source: { type: 'string', enum: [eventSource] },
      'detail-type': { type: 'string', enum: [definition.detailType] },
      detail,
    },
    required: ['source', 'detail-type', 'detail'],
  };
}

/** Every guest event's schema, by detail-type. */
export function guestEventJsonSchemas(): Record<string, Record<string, unknown>> {
  return Object.fromEntries(guestEvents.map((definition) => [definition.detailType, eventJsonSchema(definition)]));
}
