/**
 * The one dispatcher every transport calls (Electron IPC, web shell). For each call it
 * checks the method name, validates the argument with the contract's zod schema, runs the
 * handler, logs method + duration, and returns an ApiResult: errors are values with a code,
 * never exceptions across the boundary. A bad call harms nothing: no handler runs.
 */
import type { ApiErrorValue, ApiEvent, ApiEvents, ApiInput, ApiMethod, ApiOutput, ApiResult } from '../../../shared/api/contract';
import { ApiError, isApiMethod } from '../../../shared/api/contract';
import { apiInputSchemas } from '../../../shared/api/schemas';
import type { Logger } from '../../../shared/log/logger';
import { createLogger } from '../../../shared/log/logger';

/** One connected renderer: an Electron window or a web shell socket. */
export interface ClientContext {
  id: string;
  emit<E extends ApiEvent>(event: E, payload: ApiEvents[E]): void;
}

export type ApiHandlers = {
  [M in ApiMethod]: (input: ApiInput<M>, client: ClientContext) => ApiOutput<M> | Promise<ApiOutput<M>>;
};

export interface Dispatcher {
  connect(client: ClientContext): void;
  disconnect(clientId: string): void;
  dispatch(client: ClientContext, method: unknown, input: unknown): Promise<ApiResult<unknown>>;
}

export interface DispatcherHooks {
  onConnect?(client: ClientContext): void;
  onDisconnect?(clientId: string): void;
}

const SLOW_CALL_MS = 200;

export function createDispatcher(handlers: ApiHandlers, hooks: DispatcherHooks = {}, log: Logger = createLogger('api')): Dispatcher {
  return {
    connect(client) {
      hooks.onConnect?.(client);
    },
    disconnect(clientId) {
      hooks.onDisconnect?.(clientId);
    },
    async dispatch(client, method, input): Promise<ApiResult<unknown>> {
      if (!isApiMethod(method)) {
        log.warn('unknown method', { method: String(method).slice(0, 100), client: client.id });
        return failure({ code: 'unknown_method', message: `Unknown API method "${String(method).slice(0, 100)}"` });
      }
      const parsed = apiInputSchemas[method].safeParse(input);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join('.') || '(argument)', message: issue.message }));
        log.warn('invalid argument', { method, issues });
        return failure({
          code: 'invalid_argument',
          message: `Invalid argument for ${method}: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`,
          issues,
        });
      }
      const started = performance.now();
      try {
        const handler = handlers[method] as (input: unknown, client: ClientContext) => unknown;
        const value = await handler(parsed.data, client);
        const ms = Math.round((performance.now() - started) * 10) / 10;
        (ms > SLOW_CALL_MS ? log.warn : log.debug)(`${method} ok`, { ms });
        return { ok: true, value };
      } catch (error) {
        const ms = Math.round((performance.now() - started) * 10) / 10;
        if (error instanceof ApiError) {
          log.info(`${method} failed`, { ms, code: error.code, message: error.message });
          return failure({ code: error.code, message: error.message, issues: error.issues });
        }
        log.error(`${method} threw`, { ms, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
        return failure({ code: 'internal', message: `Baton hit an internal error in ${method}: ${error instanceof Error ? error.message : String(error)}` });
      }
    },
  };
}

function failure(error: ApiErrorValue): ApiResult<never> {
  return { ok: false, error };
}
