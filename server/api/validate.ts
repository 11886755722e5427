import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { z } from 'zod';
import { ApiError } from './errors';

const WHERE: Record<string, string> = { json: 'request body', query: 'query string', param: 'path', header: 'headers', form: 'form' };

/** Validates one part of the request against a schema; a failure is a 400 naming each bad field. */
export function valid<T extends z.ZodType, K extends keyof ValidationTargets>(target: K, schema: T) {
  return zValidator(target, schema, (result) => {
    if (!result.success) {
      const details = result.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message }));
      const first = details[0]!;
      throw new ApiError(
        400,
        'invalid_request',
        `The ${WHERE[target] ?? target} is not valid: ${first.path}: ${first.message}. Fix it and send the request again.`,
        details,
      );
    }
    return undefined;
  });
}
