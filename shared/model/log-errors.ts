/**
 * Typed errors of the update-log and goal commands. They carry a code so the Core's API
 * dispatcher can map them onto its error values without parsing messages:
 * invalid_input → invalid_argument, not_found → not_found, not_author → unauthorized,
 * deleted / wrong_kind → conflict.
 */
import type { z } from 'zod';

export type LogErrorCode =
  /** The input failed validation; `issues` says which fields. */
  | 'invalid_input'
  /** No entry, reply or goal with that id in this doc. */
  | 'not_found'
  /** Only the author may edit or delete this. */
  | 'not_author'
  /** The entry or reply is deleted (tombstoned) and cannot change any more. */
  | 'deleted'
  /** The command does not apply to this kind of entry (e.g. resolving a decision). */
  | 'wrong_kind';

export interface LogErrorIssue {
  path: string;
  message: string;
}

export class LogError extends Error {
  constructor(
    readonly code: LogErrorCode,
    message: string,
    readonly issues?: LogErrorIssue[],
  ) {
    super(message);
    this.name = 'LogError';
  }
}

/** Parse with a zod schema, turning failure into a `LogError('invalid_input')` that lists the fields. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
  const summary = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
  throw new LogError('invalid_input', `Invalid ${what}: ${summary}`, issues);
}
