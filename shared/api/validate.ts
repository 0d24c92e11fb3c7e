import * as z from 'zod/mini';
import '../zod-messages.ts';
import { InvalidInput } from '../errors.ts';

/** Zod issues as the `details` of a 400: where (body.title) and what is wrong. */
function issueDetails(where: string, error: z.core.$ZodError) {
  return error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}

/** A top-level field that is simply absent (not wrong). */
const isMissingField = (issue: z.core.$ZodIssue) => issue.code === 'invalid_type' && issue.path.length === 1 && issue.input === undefined;

/**
 * Schema metadata: when the only faults are absent fields, one message names them all, as the
 * seed's admin request does ("Missing required fields: clientEmail, startTime").
 */
export const MISSING_FIELDS_TOGETHER = 'x-missing-fields-together';

/** Parses `value` or throws invalid input naming the first bad field (`where` prefixes the paths). */
export function validate<T extends z.ZodMiniType>(schema: T, value: unknown, where: string): z.output<T> {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  const details = issueDetails(where, result.error);
  const { issues } = result.error;
  if (z.globalRegistry.get(schema)?.[MISSING_FIELDS_TOGETHER] === true && issues.every(isMissingField)) {
    throw new InvalidInput(`Missing required fields: ${issues.map((issue) => String(issue.path[0])).join(', ')}`, details);
  }
  const first = details[0]!;
  throw new InvalidInput(`Invalid request: ${first.path}: ${first.message}`, details);
}
