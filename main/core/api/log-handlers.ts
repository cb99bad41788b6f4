/**
 * The update log's API handlers (shared/api/log-api.ts), spread into the Core's handlers. They
 * are thin: the work is in main/core/log/log-service.ts; here the model's and the service's
 * typed errors become the contract's error codes.
 */
import { ApiError } from '../../../shared/api/contract';
import type { ApiErrorCode } from '../../../shared/api/contract';
import type { LogApi } from '../../../shared/api/log-api';
import { LogError } from '../../../shared/model/log-errors';
import type { LogErrorCode } from '../../../shared/model/log-errors';
import type { LogService } from '../log/log-service';
import { LogServiceError } from '../log/log-service';
import type { ApiHandlers } from './dispatcher';

type LogHandlers = Pick<ApiHandlers, keyof LogApi>;

const CODES: Record<LogErrorCode, ApiErrorCode> = {
  invalid_input: 'invalid_argument',
  not_found: 'not_found',
  not_author: 'unauthorized',
  deleted: 'conflict',
  wrong_kind: 'conflict',
};

function toApiError(error: unknown): unknown {
  if (error instanceof LogError) return new ApiError(CODES[error.code], error.message, error.issues);
  if (error instanceof LogServiceError) return new ApiError(error.code, error.message);
  return error;
}

/** Wraps every handler so model and service errors leave as API error values. */
function mapErrors<H extends Record<string, (...args: never[]) => unknown>>(handlers: H): H {
  const wrapped: Record<string, unknown> = {};
  for (const [name, handler] of Object.entries(handlers)) {
    wrapped[name] = (...args: never[]) => {
      try {
        return handler(...args);
      } catch (error) {
        throw toApiError(error);
      }
    };
  }
  return wrapped as H;
}

export function createLogHandlers(log: LogService): LogHandlers {
  return mapErrors({
    'log.feed': (input) => log.feed(input),
    'log.search': (input) => log.search(input.text, input.limit),
    'log.entry': (input) => log.entry(input.id),
    'log.tags': () => log.tags(),
    'log.post': (input) => log.post(input),
    'log.edit': (input) => log.edit(input),
    'log.delete': (input) => log.delete(input.id),
    'log.ack': (input) => log.ack(input.entryId, input.reply),
    'log.unack': (input) => log.unack(input.entryId),
    'log.react': (input) => log.react(input.entryId, input.emoji),
    'log.unreact': (input) => log.unreact(input.entryId, input.emoji),
    'log.reply': (input) => log.reply(input.entryId, input.body),
    'log.editReply': (input) => log.editReply(input.entryId, input.replyId, input.body),
    'log.deleteReply': (input) => log.deleteReply(input.entryId, input.replyId),
    'log.resolveBlocker': (input) => log.resolveBlocker(input.entryId),
    'log.reopenBlocker': (input) => log.reopenBlocker(input.entryId),
    'log.setDecisionStatus': (input) => log.setDecisionStatus(input.entryId, input.status),
    'log.draft.get': (input) => log.getDraft(input.key),
    'log.draft.save': (input) => log.saveDraft(input.key, input.body),
    'log.draft.delete': (input) => log.deleteDraft(input.key),
    'log.catchUp': () => log.catchUp(),
    'log.unreadCount': () => log.unreadCount(),
    'log.markSeen': (input) => log.markSeen(input.ids ?? [], input.pageIds ?? []),
    'log.markAllRead': () => log.markAllRead(),
    'log.today': () => log.today(),
    'log.weeklySummary': (input) => log.weeklySummary(input.weekOf),
    'log.postSummary': (input) => log.postSummary(input.weekOf),
    'log.settings': () => log.settingsRead(),
    'log.updateSettings': (input) => log.updateSettings(input),
    'goals.list': () => log.goals(),
    'goals.create': (input) => log.createGoal(input),
    'goals.update': (input) => log.updateGoal(input),
    'goals.setStatus': (input) => log.setGoalStatus(input.id, input.status),
  } satisfies LogHandlers);
}
