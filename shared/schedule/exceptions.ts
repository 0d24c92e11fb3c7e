import { EXCEPTION_FIELDS, exceptionBody, patched, type ExceptionBody } from '../api/availability.ts';
import { validate } from '../api/validate.ts';
import type { Caller } from '../caller.ts';
import { createException, deleteExceptionOf, getExceptionOf, listExceptions, replaceException, type ExceptionItem } from '../db/exceptions.ts';
import { ensureProfile } from '../db/users.ts';

/**
 * An admin's exceptions (a date blocked, whole or in part, or with an extra window), always the
 * caller's own: another admin's id is "not found".
 */

export const myExceptions = (caller: Caller): Promise<ExceptionItem[]> => listExceptions(caller.id);

export async function addException(caller: Caller, fields: ExceptionBody): Promise<ExceptionItem> {
  return createException(await ensureProfile(caller), fields);
}

/** Applies a partial change and checks the whole exception again. */
export async function changeException(caller: Caller, id: string, patch: Partial<Record<string, unknown>>): Promise<ExceptionItem> {
  const [stored, owner] = await Promise.all([getExceptionOf(caller.id, id), ensureProfile(caller)]);
  return replaceException(owner, stored, validate(exceptionBody, patched(stored, EXCEPTION_FIELDS, patch), 'body'));
}

export const removeException = (caller: Caller, id: string): Promise<void> => deleteExceptionOf(caller.id, id);
