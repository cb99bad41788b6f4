/**
 * Typed errors of the knowledge-base commands (page tree, templates, comments, reviews). The
 * Core's handlers map the code onto an API error value without parsing messages:
 * not_found → not_found, conflict → conflict, invalid → invalid_argument, not_author →
 * unauthorized.
 */
export type PageErrorCode = 'not_found' | 'conflict' | 'invalid' | 'not_author';

export class PageError extends Error {
  constructor(
    readonly code: PageErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PageError';
  }
}
