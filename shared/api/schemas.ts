/**
 * Argument schemas of the API contract, one per method (zod). Only the Core's dispatcher
 * imports this file; the renderer and preload use the zod-free ./contract.ts.
 */
import { z } from 'zod';
import type { ApiInput, ApiMethod } from './contract';
import { isValidDocId } from '../model/doc-ids';
import { isValidTimeZone, parseClockTime } from '../time';
import { MAX_TITLE_LENGTH } from '../model/space';

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
} satisfies { [M in ApiMethod]: z.ZodType<ApiInput<M>> };
