import { ApiError } from '../../shared/api/contract';
import { TransportError } from './platform';

/** A sentence for the user. API errors carry the Core's message; field issues are appended. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'invalid_argument' && error.issues?.length) {
      return `${error.message}: ${error.issues.map((i) => (i.path ? `${i.path} ${i.message}` : i.message)).join('; ')}`;
    }
    return error.message;
  }
  if (error instanceof TransportError) return error.message;
  if (error instanceof Error) return error.message || 'Something went wrong.';
  return 'Something went wrong.';
}

/** Field → message, from an `invalid_argument` error's issues (paths like "name" or "workdays.0"). */
export function fieldIssues(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (error instanceof ApiError && error.issues) {
    for (const issue of error.issues) {
      const field = issue.path.split('.')[0];
      if (field && !out[field]) out[field] = issue.message;
    }
  }
  return out;
}
