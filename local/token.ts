/**
 * Prints a token for the local API, and nothing else, so it can be captured:
 *   TOKEN=$(npm run --silent token -- frontdesk --property bangkok)
 */
import { parseArgs } from 'node:util';
import { properties } from '#shared/config/properties';
import { createLocalIssuer, defaultKeyDir } from './jwt.ts';

import { allProperties, roles, type Role } from '#shared/http/caller';
const propertyIds = properties.map((p) => p.id);

const usage = `usage: npm run --silent token -- <${roles.join('|')}> [--property <id>] [--subject <name>] [--key-dir <dir>]
  --property  ${[...propertyIds, allProperties].join(', ')} (default: ${propertyIds[0]}; ${allProperties} for admin)
  --subject   who the token names (default: local-<role>)
  --key-dir   where the signing key lives (default: ${defaultKeyDir})`;

const parse = (argv: string[]) =>
  parseArgs({ args: argv, allowPositionals: true, options: { property: { type: 'string' }, subject: { type: 'string' }, 'key-dir': { type: 'string' } } });

function readArguments(argv: string[]): { role: Role; propertyId: string; subject?: string; keyDir?: string } | string {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    return (error as Error).message;
  }
  const { positionals, values } = parsed;
  const role = roles.find((r) => r === positionals[0]);
  if (positionals.length !== 1 || !role) return `expected one role: ${roles.join(', ')}`;
  const propertyId = values.property ?? (role === 'admin' ? allProperties : propertyIds[0]!);
  if (propertyId === allProperties ? role !== 'admin' : !propertyIds.includes(propertyId)) {
    return propertyId === allProperties ? 'only an admin may be group-wide (--property *)' : `unknown property: ${propertyId}`;
  }
  const subject = values.subject?.trim();
  if (subject !== undefined && (subject.length === 0 || subject.length > 128)) return 'subject must be 1 to 128 characters';
  return { role, propertyId, subject, keyDir: values['key-dir'] };
}

const request = readArguments(process.argv.slice(2));
if (typeof request === 'string') {
  process.stderr.write(`${request}\n${usage}\n`);
  process.exitCode = 2;
} else {
  const token = await createLocalIssuer(request.keyDir).signToken(request);
  process.stdout.write(`${token}\n`);
}
