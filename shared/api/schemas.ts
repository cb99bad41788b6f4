/**
 * Argument schemas of the API contract, one per method (zod). Only the Core's dispatcher
 * imports this file; the renderer and preload use the zod-free ./contract.ts.
 */
import { z } from 'zod';
import { logApiInputSchemas } from './log-schemas';
import { handoffInputSchemas } from './handoff-schemas';
import type { ApiInput, ApiMethod } from './contract';
import { isValidDocId } from '../model/doc-ids';
import { isValidTimeZone, parseClockTime } from '../time';
import { MAX_TITLE_LENGTH } from '../model/space';
import { MAX_REVIEW_EVERY_DAYS } from '../model/staleness';
import { MAX_COMMENT_LENGTH, MAX_MENTIONS } from '../model/comments';
import { MAX_TEMPLATE_DESCRIPTION_LENGTH, MAX_TEMPLATE_NAME_LENGTH } from '../model/templates';

const entityId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an id');
const docId = z.string().refine(isValidDocId, 'must be a doc id such as "space" or "page/<id>"');
const title = z.string().max(MAX_TITLE_LENGTH, `must be at most ${MAX_TITLE_LENGTH} characters`);
const timeZone = z.string().refine(isValidTimeZone, 'must be an IANA time zone such as "Europe/Berlin"');
const clockTime = z.string().refine((v) => parseClockTime(v) !== null, 'must be a time as HH:mm');
const weekday = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5), z.literal(6), z.literal(7)]);
const workdays = z.array(weekday).max(7).refine((days) => new Set(days).size === days.length, 'must not repeat a day');
const name = z.string().trim().min(1, 'must not be empty').max(80);
const bytes = z.instanceof(Uint8Array);
const none = z.undefined();

// Knowledge base.
const pageRef = z.object({ id: entityId }).strict();
const templateId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a template id');
const icon = z
  .string()
  .max(16, 'must be one emoji (at most 16 characters)')
  .refine((v) => !/[\s<>]/.test(v), 'must be an emoji, without spaces or markup');
const reviewEveryDays = z
  .number()
  .int('must be a whole number of days')
  .min(1, 'must be at least 1 day')
  .max(MAX_REVIEW_EVERY_DAYS, `must be at most ${MAX_REVIEW_EVERY_DAYS} days`)
  .nullable();
const commentBody = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(MAX_COMMENT_LENGTH, `must be at most ${MAX_COMMENT_LENGTH} characters`);
const mentions = z.array(entityId).max(MAX_MENTIONS, `must name at most ${MAX_MENTIONS} members`).optional();
const textRange = z
  .object({ from: z.number().int().min(0, 'must be 0 or more'), to: z.number().int().min(0, 'must be 0 or more') })
  .strict()
  .refine((r) => r.to > r.from, 'must select at least one character (to > from)');
/** A folder as the native dialog gives it: absolute (POSIX `/…`, Windows `C:\…` or `\\server\…`). */
const absolutePath = z
  .string()
  .min(1, 'must not be empty')
  .max(4096, 'must be at most 4096 characters')
  .refine((v) => !v.includes('\0'), 'must not contain NUL')
  .refine((v) => /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(v), 'must be an absolute path');
const versionId = z.number().int('must be a version id').positive('must be a version id');
const moveInput = z
  .object({
    id: entityId,
    parentId: entityId.nullable(),
    beforeId: entityId.optional(),
    afterId: entityId.optional(),
    index: z.number().int('must be a whole number').min(0, 'must be 0 or more').optional(),
  })
  .strict()
  .refine((m) => [m.beforeId, m.afterId, m.index].filter((v) => v !== undefined).length <= 1, 'give at most one of beforeId, afterId, index')
  .refine((m) => m.parentId !== m.id, { message: 'a page cannot be its own parent', path: ['parentId'] })
  .refine((m) => m.beforeId !== m.id && m.afterId !== m.id, 'a page cannot be placed next to itself');

const setupInput = z
  .object({
    name,
    timeZone,
    workdays,
    workStart: clockTime,
    workEnd: clockTime,
    spaceName: z.string().trim().min(1).max(80).optional(),
  })
  .strict();

export const apiInputSchemas = {
  'app.info': none,
  'profile.get': none,
  'profile.setup': setupInput,
  'profile.update': setupInput.omit({ spaceName: true }).partial().strict(),
  'team.members': none,
  'pages.list': none,
  'pages.create': z.object({ title, parentId: entityId.nullable().optional() }).strict(),
  'pages.rename': z.object({ id: entityId, title }).strict(),
  'docs.open': z.object({ docId }).strict(),
  'docs.update': z.object({ docId, update: bytes.refine((b) => b.byteLength > 0, 'must not be empty') }).strict(),
  'docs.close': z.object({ docId }).strict(),
  'awareness.update': z.object({ docId, update: bytes.refine((b) => b.byteLength > 0 && b.byteLength <= 64 * 1024, 'must be 1 byte to 64 KiB') }).strict(),
  'sync.status': none,
  'sync.join': z.object({ invite: z.string().trim().min(1, 'paste an invite code').max(8192) }).strict(),
  'sync.leave': none,
  'sync.setOnline': z.object({ online: z.boolean() }).strict(),
  'pages.archived': none,
  'pages.move': moveInput,
  'pages.archive': pageRef,
  'pages.restore': pageRef,
  'pages.update': z
    .object({ id: entityId, icon: icon.optional(), ownerId: entityId.optional(), reviewEveryDays: reviewEveryDays.optional() })
    .strict(),
  'pages.markReviewed': pageRef,
  'pages.dueForReview': z.object({ ownerId: entityId.optional() }).strict(),
  'pages.breadcrumb': pageRef,
  'pages.backlinks': pageRef,
  'pages.createFromTemplate': z.object({ templateId, title, parentId: entityId.nullable().optional() }).strict(),
  'templates.list': none,
  'templates.saveFromPage': z
    .object({
      pageId: entityId,
      name: z.string().trim().min(1, 'must not be empty').max(MAX_TEMPLATE_NAME_LENGTH, `must be at most ${MAX_TEMPLATE_NAME_LENGTH} characters`),
      description: z.string().max(MAX_TEMPLATE_DESCRIPTION_LENGTH, `must be at most ${MAX_TEMPLATE_DESCRIPTION_LENGTH} characters`).optional(),
    })
    .strict(),
  'templates.delete': z.object({ id: templateId }).strict(),
  'search.query': z
    .object({
      q: z.string().max(500, 'must be at most 500 characters'),
      limit: z.number().int('must be a whole number').min(1, 'must be at least 1').max(100, 'must be at most 100').optional(),
    })
    .strict(),
  'history.list': z.object({ pageId: entityId }).strict(),
  'history.get': z.object({ pageId: entityId, versionId, compareTo: z.enum(['previous', 'current']).optional() }).strict(),
  'history.restore': z.object({ pageId: entityId, versionId }).strict(),
  'comments.list': z.object({ pageId: entityId }).strict(),
  'comments.add': z.object({ pageId: entityId, body: commentBody, mentions, anchor: textRange.optional() }).strict(),
  'comments.reply': z.object({ pageId: entityId, threadId: entityId, body: commentBody, mentions }).strict(),
  'comments.edit': z.object({ pageId: entityId, threadId: entityId, replyId: entityId, body: commentBody, mentions }).strict(),
  'comments.resolve': z.object({ pageId: entityId, threadId: entityId, resolved: z.boolean() }).strict(),
  'kb.export': z.object({ pageId: entityId.optional(), targetDir: absolutePath }).strict(),
  'kb.import': z.object({ sourceDir: absolutePath, parentId: entityId.optional() }).strict(),
  'kb.exportMarkdown': z.object({ pageId: entityId }).strict(),
  'jobs.cancel': z.object({ jobId: entityId }).strict(),
  ...logApiInputSchemas,
  ...handoffInputSchemas,
} satisfies { [M in ApiMethod]: z.ZodType<ApiInput<M>> };
