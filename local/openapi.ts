/**
 * `npm run openapi`: writes the HTTP API's OpenAPI 3.1 description (docs/openapi.json, also served at
 * `GET /v1/openapi.json`) and each guest event's JSON Schema (docs/events/<DetailType>.json, also registered in the
 * bus's schema registry on AWS), all generated from the wiring and the zod schemas. A test fails when the committed
 * files differ from what this writes.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { guestEventJsonSchemas } from '#shared/events/event-json-schemas';
import { buildOpenApiDocument } from '#shared/http/openapi';
import { projectRoot } from './paths.ts';

export const eventSchemasDir = 'docs/events';

const asJson = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Every generated file, by path from the project root, with its content. */
export function generatedDocuments(): Record<string, string> {
  const { version } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string };
  return {
    'docs/openapi.json': asJson(buildOpenApiDocument(version)),
    ...Object.fromEntries(Object.entries(guestEventJsonSchemas()).map(([detailType, schema]) => [`${eventSchemasDir}/${detailType}.json`, asJson(schema)])),
  };
}

/** The JSON files in docs/events/ now, by path from the project root. */
export function committedEventSchemaFiles(): string[] {
  const dir = join(projectRoot, eventSchemasDir);
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((name) => name.endsWith('.json'))
        .map((name) => `${eventSchemasDir}/${name}`)
    : [];
}

function main(): void {
  const documents = generatedDocuments();
  // An event no longer defined leaves no schema behind.
  for (const path of committedEventSchemaFiles()) if (!(path in documents)) rmSync(join(projectRoot, path));
  for (const [path, content] of Object.entries(documents)) {
    mkdirSync(dirname(join(projectRoot, path)), { recursive: true });
    writeFileSync(join(projectRoot, path), content);
    console.log(`wrote ${path}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
