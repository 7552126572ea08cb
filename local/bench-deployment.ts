/**
 * What the stack deploys a function with (memory, architecture, environment), read from the synthesised template
 * (without bundling, as the infra tests do) so `npm run bench` prices and starts functions as they are deployed.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { createApp } from '#infra/app';
import { projectRoot } from './paths.ts';

export interface DeployedFunction {
  readonly memoryMb: number;
  readonly architecture: string;
  readonly environment: Record<string, string>;
}

export function readDeployedFunctions(names: readonly string[]): Map<string, DeployedFunction> {
  const cdkJson = JSON.parse(readFileSync(join(projectRoot, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  // The template needs the built staff terminals only to exist: a stand-in will do.
  const terminalsDirectory = mkdtempSync(join(tmpdir(), 'bench-terminals-'));
  writeFileSync(join(terminalsDirectory, 'index.html'), '<!doctype html><title>Terminals</title>');
  const { stateless } = createApp({ ...cdkJson.context, 'aws:cdk:bundling-stacks': [], stage: 'bench' }, {}, { terminalsDirectory });
  const template = Template.fromStack(stateless).toJSON() as {
    Resources: Record<string, { Properties?: { MemorySize?: number; Architectures?: string[]; Environment?: { Variables?: Record<string, unknown> } } }>;
  };
  const found = new Map<string, DeployedFunction>();
  for (const name of names) {
    const fn = stateless.functions.get(name);
    if (!fn) continue;
    const logicalId = stateless.getLogicalId(fn.handler.node.defaultChild as CfnFunction);
    const properties = template.Resources[logicalId]?.Properties ?? {};
    const variables = Object.fromEntries(
      Object.entries(properties.Environment?.Variables ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    );
    found.set(name, { memoryMb: properties.MemorySize ?? 128, architecture: properties.Architectures?.[0] ?? 'x86_64', environment: variables });
  }
  return found;
}
