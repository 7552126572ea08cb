import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { properties } from '#shared/config/properties';
import { eventSource, guestEvents } from '#shared/events/guest-events';
import { synthesise } from './synthesise.ts';

const app = synthesise();

const schemas = Object.values(app.stateful.findResources('AWS::EventSchemas::Schema')) as { Properties: Record<string, any> }[];
const registryIds = Object.keys(app.stateful.findResources('AWS::EventSchemas::Registry'));
const schemaOf = (detailType: string) => schemas.find((schema) => schema.Properties.SchemaName === `${eventSource}@${detailType}`)?.Properties;

describe('event schema registry', () => {
  it('is one registry, named for the stage', () => {
    expect(registryIds).toHaveLength(1);
    app.stateful.hasResourceProperties('AWS::EventSchemas::Registry', { RegistryName: 'test-guest-events' });
  });

  it('holds one schema per guest event detail-type, and no other', () => {
    expect(schemas.map((schema) => schema.Properties.SchemaName).sort()).toEqual(guestEvents.map((event) => `${eventSource}@${event.detailType}`).sort());
  });

  it.each(guestEvents.map((event) => event.detailType))('registers %s as the JSON Schema draft 4 committed in docs/events/', (detailType) => {
    const schema = schemaOf(detailType)!;
    expect(schema.Type).toBe('JSONSchemaDraft4');
    expect(schema.RegistryName).toEqual({ 'Fn::GetAtt': [registryIds[0], 'RegistryName'] });
    const content = JSON.parse(schema.Content);
    expect(content).toEqual(JSON.parse(readFileSync(new URL(`../../docs/events/${detailType}.json`, import.meta.url), 'utf8')));
    expect(content.$schema).toBe('http://json-schema.org/draft-04/schema#');
    expect(content.properties['detail-type']).toEqual({ type: 'string', enum: [detailType] });
    expect(content.properties.detail.required).toEqual(expect.arrayContaining(['eventId', 'propertyId', 'at']));
    expect(content.properties.detail.properties.propertyId.enum).toEqual(properties.map((property) => property.id));
  });
});
