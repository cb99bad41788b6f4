import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addReply, deleteEntry, deleteReply, editEntry, postEntry, readEntries } from './log';
import { computeUnread, unreadItem } from './log-unread';

const LOCAL = 'local';
const MIN = 60_000;
const T0 = Date.UTC(2024, 10, 22, 9, 0);
const ME = 'me';

/**
 * Timeline (minutes after T0). My last visit to the log: +10.
 *   a  update by ana at +5, I opened it at +12, ana edited it at +20         → unread (edited)
 *   b  update by ana at +6, never opened, no later activity                 → read (before last visit)
 *   c  blocker by bob at +15 naming me as able to unblock, mentions me      → unread (new, forMe, mention)
 *   d  my update at +1; bob replies at +30 mentioning me; I reply at +31     → unread (replies on mine)
 *   e  handoff by bob to me at +16, scheduled for +100                      → not delivered yet at +50
 *   f  update by bob at +17, then deleted                                   → ignored
 *   g  my update at +2 with only my own reply at +40                        → read
 *   h  fyi by ana at +3, opened at +4; cy replies at +25, deletes it at +26 → read (deleted reply)
 *   i  decision by ana at +4, opened at +5; cy replies at +35               → unread (replies)
 */
function fixture() {
  const doc = new Y.Doc();
  const post = (id: string, kind: 'update' | 'fyi' | 'handoff', by: string, min: number, extra: object = {}) =>
    postEntry(doc, { id, kind, by, now: T0 + min * MIN, authorZone: 'UTC', body: `entry ${id}`, ...extra }, LOCAL);
  post('a', 'update', 'ana', 5);
  editEntry(doc, { id: 'a', by: 'ana', now: T0 + 20 * MIN, body: 'entry a, corrected' }, LOCAL);
  post('b', 'update', 'ana', 6);
  postEntry(doc, { id: 'c', kind: 'blocker', by: 'bob', now: T0 + 15 * MIN, authorZone: 'UTC', body: 'Need @me', mentions: [ME], blocker: { canUnblock: [ME] } }, LOCAL);
  post('d', 'update', ME, 1);
  addReply(doc, { entryId: 'd', id: 'd1', by: 'bob', now: T0 + 30 * MIN, body: 'q for you', mentions: [ME] }, LOCAL);
  addReply(doc, { entryId: 'd', id: 'd2', by: ME, now: T0 + 31 * MIN, body: 'answer' }, LOCAL);
  post('e', 'handoff', 'bob', 16, { recipients: [ME], deliverAt: T0 + 100 * MIN });
  post('f', 'update', 'bob', 17);
  deleteEntry(doc, { id: 'f', by: 'bob', now: T0 + 18 * MIN }, LOCAL);
  post('g', 'update', ME, 2);
  addReply(doc, { entryId: 'g', id: 'g1', by: ME, now: T0 + 40 * MIN, body: 'note to self' }, LOCAL);
  post('h', 'fyi', 'ana', 3);
  addReply(doc, { entryId: 'h', id: 'h1', by: 'cy', now: T0 + 25 * MIN, body: 'oops' }, LOCAL);
  deleteReply(doc, { entryId: 'h', replyId: 'h1', by: 'cy', now: T0 + 26 * MIN }, LOCAL);
  postEntry(doc, { id: 'i', kind: 'decision', by: 'ana', now: T0 + 4 * MIN, authorZone: 'UTC', decision: { title: 'Go' } }, LOCAL);
  addReply(doc, { entryId: 'i', id: 'i1', by: 'cy', now: T0 + 35 * MIN, body: 'agree' }, LOCAL);
  const seen = { a: T0 + 12 * MIN, h: T0 + 4 * MIN, i: T0 + 5 * MIN };
  return { entries: readEntries(doc), seen, lastVisitAt: T0 + 10 * MIN };
}

describe('computeUnread', () => {
  it('counts what is new for me since I saw each item', () => {
    const { entries, seen, lastVisitAt } = fixture();
    const unread = computeUnread({ entries, seen, lastVisitAt, me: ME, now: T0 + 50 * MIN });
    expect(unread.items.map((i) => [i.entryId, i.reason, i.newReplies])).toEqual([
      ['i', 'replies', 1],
      ['d', 'replies', 1],
      ['a', 'edited', 0],
      ['c', 'new', 0],
    ]);
    expect(unread).toMatchObject({
      total: 4,
      byKind: { update: 2, decision: 1, blocker: 1, handoff: 0, fyi: 0, summary: 0 },
      mentions: 2, // c mentions me; bob's reply on d mentions me
      forMe: 1, // c: I can unblock it
      repliesOnMine: 1, // d
      newReplies: 2,
    });
  });

  it('delivers scheduled entries at deliverAt, and they then count as new', () => {
    const { entries, seen, lastVisitAt } = fixture();
    const after = computeUnread({ entries, seen, lastVisitAt, me: ME, now: T0 + 100 * MIN });
    expect(after.items.find((i) => i.entryId === 'e')).toEqual({
      entryId: 'e',
      kind: 'handoff',
      reason: 'new',
      newReplies: 0,
      mentionsMe: false,
      forMe: true,
      activityAt: T0 + 100 * MIN,
    });
    expect(after.total).toBe(5);
    // Even if I visited the log after it was written but before it was delivered. A per-item
    // `seen` time wins over the last visit, so a and i (opened before their later activity) stay unread.
    const visitedBetween = computeUnread({ entries, seen, lastVisitAt: T0 + 60 * MIN, me: ME, now: T0 + 120 * MIN });
    expect(visitedBetween.items.map((i) => i.entryId)).toEqual(['e', 'i', 'a']);
  });

  it('is empty once everything is seen, and accepts the seen table as a Map', () => {
    const { entries } = fixture();
    const seen = new Map(entries.map((e) => [e.id, T0 + 200 * MIN]));
    expect(computeUnread({ entries, seen, lastVisitAt: 0, me: ME, now: T0 + 300 * MIN }).total).toBe(0);
    expect(computeUnread({ entries: [], seen: {}, lastVisitAt: 0, me: ME, now: 0 })).toEqual({
      items: [],
      total: 0,
      byKind: { update: 0, decision: 0, blocker: 0, handoff: 0, fyi: 0, summary: 0 },
      mentions: 0,
      forMe: 0,
      repliesOnMine: 0,
      newReplies: 0,
    });
  });

  it('sees nothing unread in my own entries without replies by others', () => {
    const { entries } = fixture();
    const mine = entries.filter((e) => e.id === 'g');
    expect(unreadItem(mine[0], { seen: {}, lastVisitAt: 0, me: ME, now: T0 + 50 * MIN })).toBeNull();
  });
});
