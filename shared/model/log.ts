/**
 * The update log: `log/<YYYY-MM>` docs (DESIGN.md §2), one per UTC month of `createdAt`.
 *
 * Doc layout: a top-level Y.Map `entries`, entry id → Y.Map of the entry's fields. Inside each
 * entry, the parts several people write at once are nested Y.Maps keyed so that concurrent
 * writes by different people never touch the same key:
 *   acks       memberId → { at, reply? }         (one ack per person; re-acking replaces it)
 *   reactions  `${emoji}|${memberId}` → at        (add = set, remove = delete)
 *   replies    replyId → Y.Map of the reply      (each reply edited only by its author)
 *   decision / blocker / handoff / summary        (kind-specific fields, nested so a status
 *                                                  change and an edit of the text both survive)
 * All nested maps are created when the entry is posted: creating them lazily would let two
 * replicas each create one and Yjs would keep only one of them, losing the other's writes.
 *
 * Every mutation is a named command inside `doc.transact(fn, origin)`, validated with zod;
 * failures throw `LogError` with a code. Deletion is a tombstone: content is cleared, the entry
 * (kind, author, time), its acks and its replies stay, so threads and counts remain coherent.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { isValidTimeZone, utcMonthKey } from '../time/index';
import { isValidEntityId, logDocId, newId } from './doc-ids';
import { LogError, parseInput } from './log-errors';
import { extractReferences, TAG_PATTERN } from './log-extract';
import { BLOCKER_STATUSES, DECISION_STATUSES, LOG_ENTRY_KINDS } from './log-types';
import type {
  BlockerInfo,
  CheckInAnswer,
  DecisionInfo,
  HandoffSections,
  LogAck,
  LogEntry,
  LogEntryCommon,
  LogEntryKind,
  LogReaction,
  LogReply,
  ReferenceDirectory,
  SummaryInfo,
} from './log-types';

export const LOG_ENTRIES_KEY = 'entries';

export const MAX_BODY_LENGTH = 20_000;
export const MAX_SECTION_LENGTH = 10_000;
export const MAX_REPLY_LENGTH = 5_000;
export const MAX_ACK_REPLY_LENGTH = 280;
export const MAX_DECISION_TITLE_LENGTH = 200;
export const MAX_CHECK_IN_ANSWERS = 20;
export const MAX_TAGS = 20;
/** Mentions, links, recipients, "can unblock" lists. */
export const MAX_REFERENCES = 100;

/** The entries of one log doc; observe it (deep) to re-render a log view. */
export function logEntriesMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap<Y.Map<unknown>>(LOG_ENTRIES_KEY);
}

/** The doc an entry created at `ms` lives in: `log/<UTC YYYY-MM>`. */
export function logDocIdFor(ms: number): string {
  return logDocId(utcMonthKey(ms));
}

// ---------------------------------------------------------------------------------------------
// Input schemas

const uniq = <T>(items: T[]): T[] => [...new Set(items)];

const entityId = z.string().refine(isValidEntityId, 'must be an id (1-64 characters of A-Z a-z 0-9 _ -)');
const epochMs = z.number().int().nonnegative();
const idList = z.array(entityId).max(MAX_REFERENCES).transform(uniq);
const tag = z.string().trim().toLowerCase().regex(TAG_PATTERN, 'must be 1-32 characters of a-z 0-9 -');
const tagList = z.array(tag).max(MAX_TAGS).transform(uniq);
const markdown = (max: number) => z.string().max(max, `must be at most ${max} characters`);
const zone = z.string().refine(isValidTimeZone, 'must be an IANA time zone such as "Europe/Berlin"');
const localDate = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be a date as YYYY-MM-DD');
const checkInList = z
  .array(z.strictObject({ question: z.string().trim().min(1).max(500), answer: markdown(MAX_SECTION_LENGTH) }))
  .max(MAX_CHECK_IN_ANSWERS);
const urgency = z.string().min(1).max(64).nullable();
const emoji = z
  .string()
  .min(1)
  .max(32)
  .refine((s) => !/[|\s]/.test(s), 'must be one emoji or a :shortcode: without spaces or "|"');
const decisionTitle = z
  .string()
  .transform((s) => s.replace(/\s+/g, ' ').trim())
  .pipe(z.string().min(1, 'must not be empty').max(MAX_DECISION_TITLE_LENGTH));
const directory = z
  .custom<ReferenceDirectory>(
    (v) => typeof v === 'object' && v !== null && Array.isArray((v as ReferenceDirectory).members) && Array.isArray((v as ReferenceDirectory).pages),
    'must be { members, pages }',
  )
  .optional();
const section = markdown(MAX_SECTION_LENGTH);

const postEntrySchema = z
  .strictObject({
    /** Defaults to a fresh random id. */
    id: entityId.optional(),
    kind: z.enum(LOG_ENTRY_KINDS),
    /** The author. */
    by: entityId,
    now: epochMs,
    authorZone: zone,
    body: markdown(MAX_BODY_LENGTH).default(''),
    checkIn: checkInList.default([]),
    tags: tagList.default([]),
    mentions: idList.default([]),
    links: idList.default([]),
    goalId: entityId.nullable().default(null),
    recipients: idList.default([]),
    urgency: urgency.default(null),
    deliverAt: epochMs.nullable().default(null),
    decision: z
      .strictObject({
        title: decisionTitle,
        why: section.default(''),
        status: z.enum(DECISION_STATUSES).default('proposed'),
        recordPageId: entityId.nullable().default(null),
      })
      .optional(),
    blocker: z.strictObject({ canUnblock: idList.default([]) }).optional(),
    handoff: z
      .strictObject({ status: section.default(''), nextSteps: section.default(''), watchOut: section.default(''), links: section.default('') })
      .optional(),
    summary: z.strictObject({ weekStart: localDate }).optional(),
    /** When given, `@mentions`, `#tags` and page links found in the text are added to the lists. */
    directory,
  })
  .superRefine((input, ctx) => {
    const kindOnly = { decision: 'decision', blocker: 'blocker', handoff: 'handoff', summary: 'summary' } as const;
    for (const [field, kind] of Object.entries(kindOnly)) {
      if (input[field as keyof typeof kindOnly] !== undefined && input.kind !== kind) {
        ctx.addIssue({ code: 'custom', path: [field], message: `only a ${kind} entry has "${field}"` });
      }
    }
    if (input.kind === 'decision' && !input.decision) ctx.addIssue({ code: 'custom', path: ['decision'], message: 'a decision needs a title' });
    if (input.kind === 'summary' && !input.summary) ctx.addIssue({ code: 'custom', path: ['summary'], message: 'a summary needs its weekStart' });
    if (input.kind !== 'decision' && !hasContent(input.body, input.checkIn, input.handoff)) {
      ctx.addIssue({ code: 'custom', path: ['body'], message: 'an entry needs some text' });
    }
  });

export type PostEntryInput = z.input<typeof postEntrySchema>;

const editEntrySchema = z.strictObject({
  id: entityId,
  by: entityId,
  now: epochMs,
  body: markdown(MAX_BODY_LENGTH).optional(),
  checkIn: checkInList.optional(),
  tags: tagList.optional(),
  mentions: idList.optional(),
  links: idList.optional(),
  goalId: entityId.nullable().optional(),
  recipients: idList.optional(),
  urgency: urgency.optional(),
  deliverAt: epochMs.nullable().optional(),
  decision: z.strictObject({ title: decisionTitle.optional(), why: section.optional(), recordPageId: entityId.nullable().optional() }).optional(),
  blocker: z.strictObject({ canUnblock: idList.optional() }).optional(),
  handoff: z
    .strictObject({ status: section.optional(), nextSteps: section.optional(), watchOut: section.optional(), links: section.optional() })
    .optional(),
  directory,
});

export type EditEntryInput = z.input<typeof editEntrySchema>;

const entryRef = { entryId: entityId, by: entityId };

const deleteEntrySchema = z.strictObject({ id: entityId, by: entityId, now: epochMs });
const ackSchema = z.strictObject({ ...entryRef, now: epochMs, reply: z.string().trim().max(MAX_ACK_REPLY_LENGTH).optional() });
const unackSchema = z.strictObject(entryRef);
const reactSchema = z.strictObject({ ...entryRef, now: epochMs, emoji });
const unreactSchema = z.strictObject({ ...entryRef, emoji });
const replyBody = markdown(MAX_REPLY_LENGTH).refine((s) => s.trim().length > 0, 'a reply needs some text');
const addReplySchema = z.strictObject({ ...entryRef, id: entityId.optional(), now: epochMs, body: replyBody, mentions: idList.default([]), directory });
const editReplySchema = z.strictObject({ ...entryRef, replyId: entityId, now: epochMs, body: replyBody, mentions: idList.optional(), directory });
const deleteReplySchema = z.strictObject({ ...entryRef, replyId: entityId, now: epochMs });
const blockerSchema = z.strictObject({ ...entryRef, now: epochMs });
const decisionStatusSchema = z.strictObject({ ...entryRef, now: epochMs, status: z.enum(DECISION_STATUSES) });

export type DeleteEntryInput = z.input<typeof deleteEntrySchema>;
export type AckEntryInput = z.input<typeof ackSchema>;
export type UnackEntryInput = z.input<typeof unackSchema>;
export type ReactInput = z.input<typeof reactSchema>;
export type UnreactInput = z.input<typeof unreactSchema>;
export type AddReplyInput = z.input<typeof addReplySchema>;
export type EditReplyInput = z.input<typeof editReplySchema>;
export type DeleteReplyInput = z.input<typeof deleteReplySchema>;
export type BlockerCommandInput = z.input<typeof blockerSchema>;
export type SetDecisionStatusInput = z.input<typeof decisionStatusSchema>;

function hasContent(body: string, checkIn: CheckInAnswer[], handoff?: Partial<HandoffSections>): boolean {
  if (body.trim().length > 0) return true;
  if (checkIn.some((a) => a.answer.trim().length > 0)) return true;
  return Object.values(handoff ?? {}).some((s) => typeof s === 'string' && s.trim().length > 0);
}

// ---------------------------------------------------------------------------------------------
// Helpers over the Yjs structure

function setAll(map: Y.Map<unknown>, fields: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(fields)) map.set(key, value);
}

/** Writes only the fields whose value differs, so untouched fields keep their Yjs history. */
function setChanged(map: Y.Map<unknown>, fields: Record<string, unknown>): boolean {
  let changed = false;
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (JSON.stringify(map.get(key)) !== JSON.stringify(value)) {
      map.set(key, value);
      changed = true;
    }
  }
  return changed;
}

function nested(entry: Y.Map<unknown>, key: string): Y.Map<unknown> {
  const map = entry.get(key);
  // Every entry gets its nested maps when posted; a missing one means a malformed doc.
  if (!(map instanceof Y.Map)) throw new LogError('not_found', `Entry ${String(entry.get('id'))} has no ${key}`);
  return map as Y.Map<unknown>;
}

function entryMap(doc: Y.Doc, id: string): Y.Map<unknown> {
  const map = logEntriesMap(doc).get(id);
  if (!(map instanceof Y.Map)) throw new LogError('not_found', `No log entry ${id} in this doc`);
  return map;
}

/** An entry that can still take acks, reactions, replies and status changes. */
function liveEntryMap(doc: Y.Doc, id: string): Y.Map<unknown> {
  const map = entryMap(doc, id);
  if (map.get('deletedAt') != null) throw new LogError('deleted', `Log entry ${id} was deleted`);
  return map;
}

function kindedEntryMap(doc: Y.Doc, id: string, kind: LogEntryKind): Y.Map<unknown> {
  const map = liveEntryMap(doc, id);
  if (map.get('kind') !== kind) throw new LogError('wrong_kind', `Log entry ${id} is not a ${kind}`);
  return map;
}

function mustRead(doc: Y.Doc, id: string): LogEntry {
  const entry = readEntry(doc, id);
  if (!entry) throw new LogError('not_found', `No readable log entry ${id}`);
  return entry;
}

/** All text of an entry that may hold mentions, tags and links. */
function referenceText(parts: { body: string; checkIn: CheckInAnswer[]; decision?: Partial<DecisionInfo>; handoff?: Partial<HandoffSections> }): string {
  return [
    parts.body,
    ...parts.checkIn.map((a) => a.answer),
    parts.decision?.title ?? '',
    parts.decision?.why ?? '',
    ...Object.values(parts.handoff ?? {}),
  ]
    .filter((s) => typeof s === 'string' && s.length > 0)
    .join('\n\n');
}

type RefLists = { tags: string[]; mentions: string[]; links: string[] };

function withExtracted(explicit: RefLists, text: string, dir: ReferenceDirectory | undefined): RefLists {
  if (!dir) return explicit;
  const found = extractReferences(text, dir);
  return {
    tags: uniq([...explicit.tags, ...found.tags]).slice(0, MAX_TAGS),
    mentions: uniq([...explicit.mentions, ...found.mentions]).slice(0, MAX_REFERENCES),
    links: uniq([...explicit.links, ...found.links]).slice(0, MAX_REFERENCES),
  };
}

// ---------------------------------------------------------------------------------------------
// Commands on entries

/** Posts a new entry into this month's doc (the caller opens `logDocIdFor(now)`). */
export function postEntry(doc: Y.Doc, input: PostEntryInput, origin: unknown): LogEntry {
  const p = parseInput(postEntrySchema, input, 'log entry');
  const id = p.id ?? newId();
  const entries = logEntriesMap(doc);
  if (entries.has(id)) throw new LogError('invalid_input', `A log entry ${id} already exists`, [{ path: 'id', message: 'already exists' }]);
  const text = referenceText({ body: p.body, checkIn: p.checkIn, decision: p.decision, handoff: p.handoff });
  const refs = withExtracted({ tags: p.tags, mentions: p.mentions, links: p.links }, text, p.directory);
  doc.transact(() => {
    const entry = new Y.Map<unknown>();
    entries.set(id, entry);
    setAll(entry, {
      id,
      kind: p.kind,
      authorId: p.by,
      createdAt: p.now,
      authorZone: p.authorZone,
      body: p.body,
      checkIn: p.checkIn,
      ...refs,
      goalId: p.goalId,
      recipients: p.recipients,
      urgency: p.urgency,
      deliverAt: p.deliverAt,
      editedAt: null,
      deletedAt: null,
    });
    entry.set('acks', new Y.Map());
    entry.set('reactions', new Y.Map());
    entry.set('replies', new Y.Map());
    const kindMap = (key: string, fields: Record<string, unknown>) => {
      const map = new Y.Map<unknown>();
      entry.set(key, map);
      setAll(map, fields);
    };
    if (p.kind === 'decision' && p.decision) kindMap('decision', { ...p.decision, statusAt: null, statusBy: null });
    if (p.kind === 'blocker') kindMap('blocker', { status: 'open', canUnblock: p.blocker?.canUnblock ?? [], resolvedAt: null, resolvedBy: null });
    if (p.kind === 'handoff') kindMap('handoff', { status: '', nextSteps: '', watchOut: '', links: '', ...p.handoff });
    if (p.kind === 'summary' && p.summary) kindMap('summary', { weekStart: p.summary.weekStart });
  }, origin);
  return mustRead(doc, id);
}

/**
 * Changes an entry's content; only its author may. Fields left out keep their value. With a
 * `directory`, references are re-derived: the stored lists become the explicit lists (or, when
 * not given, the current lists minus what the old text referred to) plus what the new text
 * refers to, so removing "@Ana" from the body also removes the mention. Sets `editedAt` when
 * anything changed; an edit that changes nothing writes nothing.
 */
export function editEntry(doc: Y.Doc, input: EditEntryInput, origin: unknown): LogEntry {
  const p = parseInput(editEntrySchema, input, 'entry edit');
  const map = entryMap(doc, p.id);
  const current = mustRead(doc, p.id);
  if (current.authorId !== p.by) throw new LogError('not_author', 'Only the author can edit this entry');
  if (current.deletedAt !== null) throw new LogError('deleted', `Log entry ${p.id} was deleted`);
  const wrongKind = (['decision', 'blocker', 'handoff'] as const).find((k) => p[k] !== undefined && current.kind !== k);
  if (wrongKind) throw new LogError('wrong_kind', `Only a ${wrongKind} entry has "${wrongKind}"`);

  const curDecision = current.kind === 'decision' ? current.decision : undefined;
  const curHandoff = current.kind === 'handoff' ? current.handoff : undefined;
  const next = {
    body: p.body ?? current.body,
    checkIn: p.checkIn ?? current.checkIn,
    decision: curDecision && { ...curDecision, ...definedOnly(p.decision ?? {}) },
    handoff: curHandoff && { ...curHandoff, ...definedOnly(p.handoff ?? {}) },
  };
  if (current.kind !== 'decision' && !hasContent(next.body, next.checkIn, next.handoff)) {
    throw new LogError('invalid_input', 'An entry needs some text (delete it instead)', [{ path: 'body', message: 'an entry needs some text' }]);
  }

  let refs: RefLists = { tags: p.tags ?? current.tags, mentions: p.mentions ?? current.mentions, links: p.links ?? current.links };
  if (p.directory) {
    const old = extractReferences(referenceText({ ...current, decision: curDecision, handoff: curHandoff }), p.directory);
    const keep = (given: string[] | undefined, stored: string[], derived: string[]) => given ?? stored.filter((x) => !derived.includes(x));
    refs = withExtracted(
      { tags: keep(p.tags, current.tags, old.tags), mentions: keep(p.mentions, current.mentions, old.mentions), links: keep(p.links, current.links, old.links) },
      referenceText(next),
      p.directory,
    );
  }

  doc.transact(() => {
    let changed = setChanged(map, {
      body: p.body,
      checkIn: p.checkIn,
      ...refs,
      goalId: p.goalId,
      recipients: p.recipients,
      urgency: p.urgency,
      deliverAt: p.deliverAt,
    });
    if (p.decision) changed = setChanged(nested(map, 'decision'), p.decision) || changed;
    if (p.blocker) changed = setChanged(nested(map, 'blocker'), p.blocker) || changed;
    if (p.handoff) changed = setChanged(nested(map, 'handoff'), p.handoff) || changed;
    if (changed) map.set('editedAt', p.now);
  }, origin);
  return mustRead(doc, p.id);
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Tombstones an entry (author only): clears its text and references, keeps the entry with
 * `deletedAt`, its acks and replies. Deleting a deleted entry changes nothing.
 */
export function deleteEntry(doc: Y.Doc, input: DeleteEntryInput, origin: unknown): LogEntry {
  const p = parseInput(deleteEntrySchema, input, 'entry deletion');
  const map = entryMap(doc, p.id);
  if (map.get('authorId') !== p.by) throw new LogError('not_author', 'Only the author can delete this entry');
  if (map.get('deletedAt') != null) return mustRead(doc, p.id);
  doc.transact(() => {
    setAll(map, { deletedAt: p.now, body: '', checkIn: [], tags: [], mentions: [], links: [] });
    const decision = map.get('decision');
    if (decision instanceof Y.Map) setAll(decision, { title: '', why: '' });
    const handoff = map.get('handoff');
    if (handoff instanceof Y.Map) setAll(handoff, { status: '', nextSteps: '', watchOut: '', links: '' });
  }, origin);
  return mustRead(doc, p.id);
}

/** Acknowledges an entry ("seen, on it"), optionally with a one-line reply; replaces an earlier ack by the same member. */
export function ackEntry(doc: Y.Doc, input: AckEntryInput, origin: unknown): LogEntry {
  const p = parseInput(ackSchema, input, 'acknowledgement');
  const map = liveEntryMap(doc, p.entryId);
  doc.transact(() => {
    nested(map, 'acks').set(p.by, p.reply ? { at: p.now, reply: p.reply } : { at: p.now });
  }, origin);
  return mustRead(doc, p.entryId);
}

export function unackEntry(doc: Y.Doc, input: UnackEntryInput, origin: unknown): LogEntry {
  const p = parseInput(unackSchema, input, 'acknowledgement removal');
  const acks = nested(liveEntryMap(doc, p.entryId), 'acks');
  if (acks.has(p.by)) doc.transact(() => acks.delete(p.by), origin);
  return mustRead(doc, p.entryId);
}

/** Adds `by`'s reaction with `emoji`; reacting twice with the same emoji keeps the first time. */
export function react(doc: Y.Doc, input: ReactInput, origin: unknown): LogEntry {
  const p = parseInput(reactSchema, input, 'reaction');
  const reactions = nested(liveEntryMap(doc, p.entryId), 'reactions');
  const key = `${p.emoji}|${p.by}`;
  if (!reactions.has(key)) doc.transact(() => reactions.set(key, p.now), origin);
  return mustRead(doc, p.entryId);
}

export function unreact(doc: Y.Doc, input: UnreactInput, origin: unknown): LogEntry {
  const p = parseInput(unreactSchema, input, 'reaction removal');
  const reactions = nested(liveEntryMap(doc, p.entryId), 'reactions');
  const key = `${p.emoji}|${p.by}`;
  if (reactions.has(key)) doc.transact(() => reactions.delete(key), origin);
  return mustRead(doc, p.entryId);
}

function replyMap(entry: Y.Map<unknown>, replyId: string): Y.Map<unknown> {
  const reply = nested(entry, 'replies').get(replyId);
  if (!(reply instanceof Y.Map)) throw new LogError('not_found', `No reply ${replyId} on this entry`);
  return reply as Y.Map<unknown>;
}

function mustReadReply(doc: Y.Doc, entryId: string, replyId: string): LogReply {
  const reply = mustRead(doc, entryId).replies.find((r) => r.id === replyId);
  if (!reply) throw new LogError('not_found', `No reply ${replyId} on this entry`);
  return reply;
}

export function addReply(doc: Y.Doc, input: AddReplyInput, origin: unknown): LogReply {
  const p = parseInput(addReplySchema, input, 'reply');
  const replies = nested(liveEntryMap(doc, p.entryId), 'replies');
  const id = p.id ?? newId();
  if (replies.has(id)) throw new LogError('invalid_input', `A reply ${id} already exists`, [{ path: 'id', message: 'already exists' }]);
  const mentions = withExtracted({ tags: [], links: [], mentions: p.mentions }, p.body, p.directory).mentions;
  doc.transact(() => {
    const reply = new Y.Map<unknown>();
    replies.set(id, reply);
    setAll(reply, { id, authorId: p.by, createdAt: p.now, body: p.body, mentions, editedAt: null, deletedAt: null });
  }, origin);
  return mustReadReply(doc, p.entryId, id);
}

/** Replaces a reply's body (its author only). With a `directory`, mentions are re-derived from the new body. */
export function editReply(doc: Y.Doc, input: EditReplyInput, origin: unknown): LogReply {
  const p = parseInput(editReplySchema, input, 'reply edit');
  const reply = replyMap(entryMap(doc, p.entryId), p.replyId);
  if (reply.get('authorId') !== p.by) throw new LogError('not_author', 'Only the author can edit this reply');
  if (reply.get('deletedAt') != null) throw new LogError('deleted', `Reply ${p.replyId} was deleted`);
  const mentions = p.directory
    ? withExtracted({ tags: [], links: [], mentions: p.mentions ?? [] }, p.body, p.directory).mentions
    : p.mentions;
  doc.transact(() => {
    if (setChanged(reply, { body: p.body, mentions })) reply.set('editedAt', p.now);
  }, origin);
  return mustReadReply(doc, p.entryId, p.replyId);
}

/** Tombstones a reply (its author only); deleting a deleted reply changes nothing. */
export function deleteReply(doc: Y.Doc, input: DeleteReplyInput, origin: unknown): LogReply {
  const p = parseInput(deleteReplySchema, input, 'reply deletion');
  const reply = replyMap(entryMap(doc, p.entryId), p.replyId);
  if (reply.get('authorId') !== p.by) throw new LogError('not_author', 'Only the author can delete this reply');
  if (reply.get('deletedAt') == null) {
    doc.transact(() => setAll(reply, { deletedAt: p.now, body: '', mentions: [] }), origin);
  }
  return mustReadReply(doc, p.entryId, p.replyId);
}

/**
 * Marks a blocker resolved. Anyone on the team may: often it is the person who unblocked it.
 * Resolving a resolved blocker changes nothing (the first resolver stays on record).
 */
export function resolveBlocker(doc: Y.Doc, input: BlockerCommandInput, origin: unknown): LogEntry {
  const p = parseInput(blockerSchema, input, 'blocker resolution');
  const blocker = nested(kindedEntryMap(doc, p.entryId, 'blocker'), 'blocker');
  if (blocker.get('status') !== 'resolved') {
    doc.transact(() => setAll(blocker, { status: 'resolved', resolvedAt: p.now, resolvedBy: p.by }), origin);
  }
  return mustRead(doc, p.entryId);
}

export function reopenBlocker(doc: Y.Doc, input: BlockerCommandInput, origin: unknown): LogEntry {
  const p = parseInput(blockerSchema, input, 'blocker reopening');
  const blocker = nested(kindedEntryMap(doc, p.entryId, 'blocker'), 'blocker');
  if (blocker.get('status') !== 'open') {
    doc.transact(() => setAll(blocker, { status: 'open', resolvedAt: null, resolvedBy: null }), origin);
  }
  return mustRead(doc, p.entryId);
}

/** Moves a decision between proposed / accepted / superseded (anyone), recording who and when. */
export function setDecisionStatus(doc: Y.Doc, input: SetDecisionStatusInput, origin: unknown): LogEntry {
  const p = parseInput(decisionStatusSchema, input, 'decision status');
  const decision = nested(kindedEntryMap(doc, p.entryId, 'decision'), 'decision');
  if (decision.get('status') !== p.status) {
    doc.transact(() => setAll(decision, { status: p.status, statusAt: p.now, statusBy: p.by }), origin);
  }
  return mustRead(doc, p.entryId);
}

// ---------------------------------------------------------------------------------------------
// Readers

type Getter = <T>(key: string, fallback: T) => T;

function getter(map: Y.Map<unknown> | undefined): Getter {
  return <T>(key: string, fallback: T): T => (map && map.has(key) && map.get(key) !== undefined ? (map.get(key) as T) : fallback);
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
const nullableNumber = (value: unknown): number | null => (typeof value === 'number' ? value : null);
const nullableString = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const byTimeThenId = <T extends { id: string }>(time: (x: T) => number) => (a: T, b: T) =>
  time(a) - time(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function readAcks(map: Y.Map<unknown> | undefined): LogAck[] {
  const acks: LogAck[] = [];
  map?.forEach((value, memberId) => {
    // Tolerate the bare-time form ("acks id → time") as well as { at, reply? }.
    if (typeof value === 'number') acks.push({ memberId, at: value, reply: null });
    else if (value && typeof value === 'object' && typeof (value as { at?: unknown }).at === 'number') {
      const v = value as { at: number; reply?: unknown };
      acks.push({ memberId, at: v.at, reply: typeof v.reply === 'string' && v.reply.length > 0 ? v.reply : null });
    }
  });
  return acks.sort((a, b) => a.at - b.at || (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0));
}

function readReactions(map: Y.Map<unknown> | undefined): LogReaction[] {
  const groups = new Map<string, LogReaction>();
  map?.forEach((value, key) => {
    const bar = key.indexOf('|');
    if (bar <= 0 || typeof value !== 'number') return;
    const emoji = key.slice(0, bar);
    const memberId = key.slice(bar + 1);
    const group = groups.get(emoji) ?? { emoji, memberIds: [], firstAt: value };
    group.memberIds.push(memberId);
    group.firstAt = Math.min(group.firstAt, value);
    groups.set(emoji, group);
  });
  for (const group of groups.values()) group.memberIds.sort();
  return [...groups.values()].sort((a, b) => a.firstAt - b.firstAt || (a.emoji < b.emoji ? -1 : a.emoji > b.emoji ? 1 : 0));
}

function readReplies(map: Y.Map<unknown> | undefined): LogReply[] {
  const replies: LogReply[] = [];
  map?.forEach((value, id) => {
    if (!(value instanceof Y.Map)) return;
    const get = getter(value as Y.Map<unknown>);
    const deletedAt = nullableNumber(get('deletedAt', null));
    replies.push({
      id,
      authorId: get('authorId', ''),
      createdAt: get('createdAt', 0),
      // A concurrent edit may land after the deletion; the tombstone still wins.
      body: deletedAt === null ? get('body', '') : '',
      mentions: deletedAt === null ? strings(get('mentions', [])) : [],
      editedAt: nullableNumber(get('editedAt', null)),
      deletedAt,
    });
  });
  return replies.sort(byTimeThenId((r) => r.createdAt));
}

function readCheckIn(value: unknown): CheckInAnswer[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((a): a is CheckInAnswer => !!a && typeof a === 'object' && typeof a.question === 'string' && typeof a.answer === 'string')
    .map((a) => ({ question: a.question, answer: a.answer }));
}

function readEntryMap(map: Y.Map<unknown>, id: string): LogEntry | null {
  const get = getter(map);
  const kind = get<unknown>('kind', null);
  // An unknown kind comes from a newer version of the app; older readers skip it.
  if (!(LOG_ENTRY_KINDS as readonly unknown[]).includes(kind)) return null;
  const deletedAt = nullableNumber(get('deletedAt', null));
  const live = deletedAt === null;
  const sub = (key: string) => {
    const value = map.get(key);
    return value instanceof Y.Map ? (value as Y.Map<unknown>) : undefined;
  };
  const common: LogEntryCommon = {
    id,
    authorId: get('authorId', ''),
    createdAt: get('createdAt', 0),
    authorZone: get('authorZone', 'UTC'),
    // Deletion wins over a concurrent edit from the author's other device.
    body: live ? get('body', '') : '',
    checkIn: live ? readCheckIn(get('checkIn', [])) : [],
    tags: live ? strings(get('tags', [])) : [],
    mentions: live ? strings(get('mentions', [])) : [],
    links: live ? strings(get('links', [])) : [],
    goalId: nullableString(get('goalId', null)),
    recipients: strings(get('recipients', [])),
    urgency: nullableString(get('urgency', null)),
    deliverAt: nullableNumber(get('deliverAt', null)),
    editedAt: nullableNumber(get('editedAt', null)),
    deletedAt,
    acks: readAcks(sub('acks')),
    reactions: readReactions(sub('reactions')),
    replies: readReplies(sub('replies')),
  };
  switch (kind as LogEntryKind) {
    case 'decision': {
      const d = getter(sub('decision'));
      const status = d<string>('status', 'proposed');
      const decision: DecisionInfo = {
        title: live ? d('title', '') : '',
        why: live ? d('why', '') : '',
        status: (DECISION_STATUSES as readonly string[]).includes(status) ? (status as DecisionInfo['status']) : 'proposed',
        recordPageId: nullableString(d('recordPageId', null)),
        statusAt: nullableNumber(d('statusAt', null)),
        statusBy: nullableString(d('statusBy', null)),
      };
      return { ...common, kind: 'decision', decision };
    }
    case 'blocker': {
      const b = getter(sub('blocker'));
      const status = b<string>('status', 'open');
      const blocker: BlockerInfo = {
        status: (BLOCKER_STATUSES as readonly string[]).includes(status) ? (status as BlockerInfo['status']) : 'open',
        canUnblock: strings(b('canUnblock', [])),
        resolvedAt: nullableNumber(b('resolvedAt', null)),
        resolvedBy: nullableString(b('resolvedBy', null)),
      };
      return { ...common, kind: 'blocker', blocker };
    }
    case 'handoff': {
      const h = getter(sub('handoff'));
      const text = (key: string) => (live ? h(key, '') : '');
      const handoff: HandoffSections = { status: text('status'), nextSteps: text('nextSteps'), watchOut: text('watchOut'), links: text('links') };
      return { ...common, kind: 'handoff', handoff };
    }
    case 'summary': {
      const s = getter(sub('summary'));
      const summary: SummaryInfo = { weekStart: s('weekStart', '') };
      return { ...common, kind: 'summary', summary };
    }
    case 'update':
      return { ...common, kind: 'update' };
    case 'fyi':
      return { ...common, kind: 'fyi' };
  }
}

export function readEntry(doc: Y.Doc, id: string): LogEntry | null {
  const map = logEntriesMap(doc).get(id);
  return map instanceof Y.Map ? readEntryMap(map, id) : null;
}

/** Every entry of this doc, deleted ones included (as tombstones), newest first. */
export function readEntries(doc: Y.Doc): LogEntry[] {
  const entries: LogEntry[] = [];
  logEntriesMap(doc).forEach((map, id) => {
    if (!(map instanceof Y.Map)) return;
    const entry = readEntryMap(map, id);
    if (entry) entries.push(entry);
  });
  return sortNewestFirst(entries);
}

/** Newest first, ties by id: the order of the log view, stable across replicas. */
export function sortNewestFirst<E extends { id: string; createdAt: number }>(entries: readonly E[]): E[] {
  return [...entries].sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
