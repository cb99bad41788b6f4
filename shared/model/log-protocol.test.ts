import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ackEntry, addReply, postEntry } from './log';
import { expectedReplies, responseTimeLabel } from './log-protocol';
import { defaultTeamZone, readLogSettings, updateLogSettings } from './log-settings';
import { upsertMember } from './space';
import type { Member } from './types';
import { LogError } from './log-errors';

const member = (id: string, timeZone: string, extra: Partial<Member> = {}): Member => ({
  id,
  name: id,
  timeZone,
  workdays: [1, 2, 3, 4, 5],
  workStart: '09:00',
  workEnd: '17:00',
  role: 'writer',
  joinedAt: 0,
  ...extra,
});

const LEVELS = [{ id: 'urgent', label: 'Urgent', responseWorkingMinutes: 120 }];
/** Friday 2024-11-22 18:00 in Berlin (17:00 UTC). */
const FRIDAY_EVENING = Date.UTC(2024, 10, 22, 17, 0);

describe('expected replies (communication protocol)', () => {
  it('counts the response time in each recipient’s own working hours', () => {
    const doc = new Y.Doc();
    const entry = postEntry(doc, { kind: 'fyi', by: 'ana', now: FRIDAY_EVENING, authorZone: 'Europe/Berlin', body: 'Need this', recipients: ['ken', 'ny'], urgency: 'urgent' }, 'test');
    const members = [member('ken', 'Asia/Tokyo'), member('ny', 'America/New_York')];
    const result = expectedReplies(entry, members, LEVELS, FRIDAY_EVENING)!;
    expect(result.level.id).toBe('urgent');
    // Tokyo: it is Saturday 02:00 there → Monday 09:00 JST (00:00 UTC) + 2 working hours.
    expect(result.replies[0]).toMatchObject({ memberId: 'ken', dueAt: Date.UTC(2024, 10, 25, 2, 0), answered: false, overdue: false });
    // New York: Friday 12:00 local, 2 working hours later is 14:00 EST (19:00 UTC).
    expect(result.replies[1]).toMatchObject({ memberId: 'ny', dueAt: Date.UTC(2024, 10, 22, 19, 0) });
    expect(expectedReplies(entry, members, LEVELS, Date.UTC(2024, 10, 23))!.replies[1].overdue).toBe(true);

    ackEntry(doc, { entryId: entry.id, by: 'ny', now: FRIDAY_EVENING + 1 }, 'test');
    addReply(doc, { entryId: entry.id, by: 'ken', now: FRIDAY_EVENING + 2, body: 'on it' }, 'test');
    const answered = expectedReplies({ ...entry, acks: [{ memberId: 'ny', at: 1, reply: null }], replies: [{ id: 'r', authorId: 'ken', createdAt: 2, body: 'x', mentions: [], editedAt: null, deletedAt: null }] }, members, LEVELS, Date.UTC(2024, 10, 30))!;
    expect(answered.replies.map((r) => [r.answered, r.overdue])).toEqual([
      [true, false],
      [true, false],
    ]);
  });

  it('has nothing to expect without urgency, recipients or a known level', () => {
    const doc = new Y.Doc();
    const plain = postEntry(doc, { kind: 'fyi', by: 'ana', now: 1, authorZone: 'UTC', body: 'x' }, 'test');
    expect(expectedReplies(plain, [], LEVELS, 1)).toBeNull();
    expect(expectedReplies({ ...plain, recipients: ['a'], urgency: 'gone' }, [], LEVELS, 1)).toBeNull();
    expect(expectedReplies({ ...plain, recipients: ['stranger'], urgency: 'urgent' }, [], LEVELS, 1)!.replies[0].dueAt).toBeNull();
  });

  it('labels response times in working time', () => {
    expect(responseTimeLabel(0)).toBe('right away');
    expect(responseTimeLabel(30)).toBe('30 min');
    expect(responseTimeLabel(120)).toBe('2 working hours');
    expect(responseTimeLabel(90)).toBe('1.5 working hours');
    expect(responseTimeLabel(480)).toBe('1 working day');
    expect(responseTimeLabel(960)).toBe('2 working days');
  });
});

describe('log settings', () => {
  it('defaults the team zone to the first owner’s zone and validates updates', () => {
    const doc = new Y.Doc();
    upsertMember(doc, member('late', 'Asia/Tokyo', { role: 'owner', joinedAt: 5 }), 'test');
    upsertMember(doc, member('first', 'Europe/Paris', { role: 'owner', joinedAt: 1 }), 'test');
    upsertMember(doc, member('w', 'UTC'), 'test');
    expect(defaultTeamZone([])).toBe('UTC');
    expect(readLogSettings(doc)).toMatchObject({ teamZone: 'Europe/Paris', teamZoneIsDefault: true, checkInQuestions: expect.any(Array) });

    const next = updateLogSettings(doc, { checkInQuestions: ['  Done?  ', 'Next?'], teamZone: 'America/Chicago' }, 'test');
    expect(next).toMatchObject({ checkInQuestions: ['Done?', 'Next?'], teamZone: 'America/Chicago', teamZoneIsDefault: false });
    expect(() => updateLogSettings(doc, { teamZone: 'Mars/Olympus' }, 'test')).toThrow(LogError);
    expect(() => updateLogSettings(doc, { urgencyLevels: [{ id: 'a', label: 'A', responseWorkingMinutes: 1 }, { id: 'a', label: 'B', responseWorkingMinutes: 2 }] }, 'test')).toThrow(/must not repeat/);
    expect(updateLogSettings(doc, { teamZone: null }, 'test').teamZone).toBe('Europe/Paris');
  });

  it('ignores malformed values written by another replica', () => {
    const doc = new Y.Doc();
    const settings = doc.getMap('settings');
    settings.set('urgencyLevels', [{ id: 'ok', label: 'OK', responseWorkingMinutes: 60 }, { id: 'bad' }, 'junk']);
    settings.set('checkInQuestions', ['Q', 3, '']);
    settings.set('teamZone', 'Nowhere/Land');
    expect(readLogSettings(doc)).toEqual({
      checkInQuestions: ['Q'],
      urgencyLevels: [{ id: 'ok', label: 'OK', responseWorkingMinutes: 60 }],
      teamZone: 'UTC',
      teamZoneIsDefault: true,
    });
  });
});
