/**
 * The typed face of a bridge: `call` unwraps the `ApiResult` value or throws an `ApiError`
 * carrying the Core's code; `on` types each event's payload. Nothing here knows which
 * transport is underneath.
 */
import { ApiError } from '../../../shared/api/contract';
import type { ApiEvent, ApiEvents, ApiInput, ApiMethod, ApiOutput, ApiResult, BatonBridge } from '../../../shared/api/contract';
import { createLogger } from '../../../shared/log/logger';
import { TransportError } from './bridge-types';

const log = createLogger('renderer/api');

/** `call('pages.list')` for methods without input, `call('pages.create', {title})` otherwise. */
export type CallArgs<M extends ApiMethod> = ApiInput<M> extends undefined ? [] : [input: ApiInput<M>];

export interface ApiClient {
  call<M extends ApiMethod>(method: M, ...input: CallArgs<M>): Promise<ApiOutput<M>>;
  on<E extends ApiEvent>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
}

function isApiResult(value: unknown): value is ApiResult<unknown> {
  if (!value || typeof value !== 'object') return false;
  const result = value as { ok?: unknown; error?: unknown };
  return result.ok === true || (result.ok === false && !!result.error && typeof result.error === 'object');
}

export function createApiClient(getBridge: () => BatonBridge): ApiClient {
  return {
    async call(method, ...args) {
      const input = args[0];
      let result: unknown;
      try {
        result = await getBridge().invoke(method, input);
      } catch (error) {
        log.warn('transport failed', { method, error: String(error) });
        throw error instanceof TransportError ? error : new TransportError(`Could not reach Baton (${method}): ${String(error)}`);
      }
      if (!isApiResult(result)) {
        log.error('malformed result', { method });
        throw new ApiError('internal', `Baton sent a malformed answer to ${method}.`);
      }
      if (result.ok) return result.value as ApiOutput<typeof method>;
      const { code, message, issues } = result.error;
      log.info('call failed', { method, code, message });
      throw new ApiError(code, message, issues);
    },
    on(event, listener) {
      return getBridge().on(event, (payload) => listener(payload as ApiEvents[typeof event]));
    },
  };
}
