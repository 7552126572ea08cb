/**
 * Configuration comes from the environment, read once at cold start and checked: a function deployed without
 * what it needs fails at once with a message naming the variable, not later on a guest's request.
 */
import * as z from 'zod/mini';
import { toFieldErrors } from './validation.ts';

export function readEnvironment<T extends z.ZodMiniType>(schema: T, env: NodeJS.ProcessEnv = process.env): z.output<T> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = Object.entries(toFieldErrors(result.error.issues)).map(([name, problem]) => `${name} ${problem}`);
  throw new Error(`Invalid environment: ${problems.join('; ')}`);
}

export const nonEmpty = z.string().check(z.minLength(1));
