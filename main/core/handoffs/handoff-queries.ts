/**
 * Pure selections over update-log entries for handoffs: which are addressed to me and
 * delivered, which I still owe an acknowledgement, what goes into a new handoff's text.
 */
import { arrivalTime } from '../../../shared/model/log-unread';
import type { HandoffEntry, LogEntry } from '../../../shared/model/log-types';
import type { HandoffSource } from '../../../shared/api/handoff-api';

export function isHandoff(entry: LogEntry): entry is HandoffEntry {
  return entry.kind === 'handoff' && entry.deletedAt === null;
}

/** Handoffs addressed to `memberId` that have reached them (scheduled ones wait for `deliverAt`), latest arrival first. */
export function handoffsFor(entries: readonly LogEntry[], memberId: string, now: number): HandoffEntry[] {
  return entries
    .filter(isHandoff)
    .filter((e) => e.authorId !== memberId && e.recipients.includes(memberId) && arrivalTime(e) <= now)
    .sort((a, b) => arrivalTime(b) - arrivalTime(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function isAcknowledgedBy(entry: LogEntry, memberId: string): boolean {
  return entry.acks.some((a) => a.memberId === memberId);
}

/** Delivered handoffs `memberId` has not acknowledged yet. */
export function pendingHandoffsFor(entries: readonly LogEntry[], memberId: string, now: number): HandoffEntry[] {
  return handoffsFor(entries, memberId, now).filter((e) => !isAcknowledgedBy(e, memberId));
}

/** The line an entry contributes to a handoff's pre-filled text. */
export function sourceOf(entry: LogEntry): HandoffSource {
  let text = entry.body;
  if (entry.kind === 'decision') text = entry.decision.title;
  if (entry.kind === 'handoff') text = entry.handoff.status;
  return { id: entry.id, kind: entry.kind, authorId: entry.authorId, createdAt: entry.createdAt, text: text.trim() };
}
