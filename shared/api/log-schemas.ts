/**
 * Argument schemas of the update-log methods (./log-api.ts), spread into `apiInputSchemas`.
 * They check shape and bounds at the boundary; the model commands (shared/model/log.ts,
 * goals.ts, log-settings.ts) validate the content again and say which field is wrong.
 */
import { z } from 'zod';
import type { LogApi } from './log-api';
import { GOAL_STATUSES } from '../model/goals';
import { DECISION_STATUSES, LOG_ENTRY_KINDS } from '../model/log-types';
import { MAX_ACK_REPLY_LENGTH, MAX_BODY_LENGTH, MAX_CHECK_IN_ANSWERS, MAX_REFERENCES, MAX_REPLY_LENGTH, MAX_SECTION_LENGTH, MAX_TAGS } from '../model/log';
import { logSettingsUpdateSchema } from '../model/log-settings';

type LogApiInput<M extends keyof LogApi> = Parameters<LogApi[M]> extends [infer A] ? A : undefined;

const entityId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an id');
const ids = z.array(entityId).max(MAX_REFERENCES);
const epochMs = z.number().int().nonnegative();
const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);
const tag = z.string().regex(/^#?[A-Za-z0-9-]{1,32}$/, 'must be a tag (a-z 0-9 -)');
const emoji = z.string().min(1).max(32);
const draftKey = z.string().regex(/^[A-Za-z0-9:_.-]{1,100}$/, 'must be 1-100 characters of A-Z a-z 0-9 : _ . -');
const checkIn = z.array(z.strictObject({ question: text(500), answer: text(MAX_SECTION_LENGTH) })).max(MAX_CHECK_IN_ANSWERS);
const handoff = z
  .strictObject({ status: text(MAX_SECTION_LENGTH), nextSteps: text(MAX_SECTION_LENGTH), watchOut: text(MAX_SECTION_LENGTH), links: text(MAX_SECTION_LENGTH) })
  .partial();
const postKinds = LOG_ENTRY_KINDS.filter((k): k is Exclude<(typeof LOG_ENTRY_KINDS)[number], 'summary'> => k !== 'summary');
const entryRef = { entryId: entityId };
const none = z.undefined();
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD');

export const logApiInputSchemas = {
  'log.feed': z.strictObject({
    authorIds: ids.optional(),
    kinds: z.array(z.enum(LOG_ENTRY_KINDS)).max(LOG_ENTRY_KINDS.length).optional(),
    tags: z.array(tag).max(MAX_TAGS).optional(),
    fromMs: epochMs.optional(),
    toMs: epochMs.optional(),
    goalId: entityId.optional(),
    text: text(500).optional(),
    limit: z.number().int().min(1).max(200).optional(),
    cursor: z.string().max(200).nullable().optional(),
  }),
  'log.search': z.strictObject({ text: text(500), limit: z.number().int().min(1).max(100).optional() }),
  'log.entry': z.strictObject({ id: entityId }),
  'log.tags': none,
  'log.post': z.strictObject({
    kind: z.enum(postKinds),
    body: text(MAX_BODY_LENGTH).optional(),
    checkIn: checkIn.optional(),
    tags: z.array(tag).max(MAX_TAGS).optional(),
    goalId: entityId.nullable().optional(),
    recipients: ids.optional(),
    urgency: z.string().min(1).max(64).nullable().optional(),
    deliverAt: epochMs.nullable().optional(),
    decision: z
      .strictObject({
        title: text(500),
        why: text(MAX_SECTION_LENGTH).optional(),
        status: z.enum(DECISION_STATUSES).optional(),
        recordPageId: entityId.nullable().optional(),
      })
      .optional(),
    blocker: z.strictObject({ canUnblock: ids.optional() }).optional(),
    handoff: handoff.optional(),
    draftKey: draftKey.optional(),
  }),
  'log.edit': z.strictObject({
    id: entityId,
    body: text(MAX_BODY_LENGTH).optional(),
    checkIn: checkIn.optional(),
    tags: z.array(tag).max(MAX_TAGS).optional(),
    goalId: entityId.nullable().optional(),
    recipients: ids.optional(),
    urgency: z.string().min(1).max(64).nullable().optional(),
    decision: z.strictObject({ title: text(500).optional(), why: text(MAX_SECTION_LENGTH).optional(), recordPageId: entityId.nullable().optional() }).optional(),
    blocker: z.strictObject({ canUnblock: ids.optional() }).optional(),
    handoff: handoff.optional(),
  }),
  'log.delete': z.strictObject({ id: entityId }),
  'log.ack': z.strictObject({ ...entryRef, reply: text(MAX_ACK_REPLY_LENGTH).optional() }),
  'log.unack': z.strictObject(entryRef),
  'log.react': z.strictObject({ ...entryRef, emoji }),
  'log.unreact': z.strictObject({ ...entryRef, emoji }),
  'log.reply': z.strictObject({ ...entryRef, body: text(MAX_REPLY_LENGTH) }),
  'log.editReply': z.strictObject({ ...entryRef, replyId: entityId, body: text(MAX_REPLY_LENGTH) }),
  'log.deleteReply': z.strictObject({ ...entryRef, replyId: entityId }),
  'log.resolveBlocker': z.strictObject(entryRef),
  'log.reopenBlocker': z.strictObject(entryRef),
  'log.setDecisionStatus': z.strictObject({ ...entryRef, status: z.enum(DECISION_STATUSES) }),
  'log.draft.get': z.strictObject({ key: draftKey }),
  'log.draft.save': z.strictObject({ key: draftKey, body: text(200_000) }),
  'log.draft.delete': z.strictObject({ key: draftKey }),
  'log.catchUp': none,
  'log.unreadCount': none,
  'log.markSeen': z.strictObject({ ids: z.array(entityId).max(1000).optional(), pageIds: z.array(entityId).max(1000).optional() }),
  'log.markAllRead': none,
  'log.today': none,
  'log.weeklySummary': z.strictObject({ weekOf: epochMs.optional() }),
  'log.postSummary': z.strictObject({ weekOf: epochMs }),
  'log.settings': none,
  'log.updateSettings': logSettingsUpdateSchema,
  'goals.list': none,
  'goals.create': z.strictObject({
    title: text(500),
    ownerId: entityId.optional(),
    deadline: date.nullable().optional(),
    status: z.enum(GOAL_STATUSES).optional(),
    definitionOfDone: text(5_000).optional(),
  }),
  'goals.update': z.strictObject({
    id: entityId,
    title: text(500).optional(),
    ownerId: entityId.optional(),
    deadline: date.nullable().optional(),
    definitionOfDone: text(5_000).optional(),
  }),
  'goals.setStatus': z.strictObject({ id: entityId, status: z.enum(GOAL_STATUSES) }),
} satisfies { [M in keyof LogApi]: z.ZodType<LogApiInput<M>> };
