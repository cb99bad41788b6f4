/**
 * Follow the sun, end to end in Chromium: two web shells whose Cores run on clocks the test
 * sets, one real relay. Ana (Berlin) reaches the end of her day: the reminder banner shows, she
 * writes a handoff for Ben. Ben (New York) starts his day: he finds it under "Handoffs for you"
 * and acknowledges it; Ana sees the acknowledgement.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseClockTime, resolveLocalTime } from '../../shared/time';
import { TestClock } from '../support/manual-clock';
import type { TwoProfiles } from './support/two-profiles';
import { nav, startTwoProfiles } from './support/two-profiles';

const POLL = { timeout: 15_000 };
const wall = (zone: string, date: string, time: string) => resolveLocalTime(zone, date, parseClockTime(time)!);
const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';
// Wednesday 4 February 2026 (a weekday; Berlin UTC+1, New York UTC−5).
const WED = '2026-02-04';
const THU = '2026-02-05';

let team: TwoProfiles;
const clockA = new TestClock(wall(BERLIN, WED, '10:00'));
const clockB = new TestClock(wall(NEW_YORK, WED, '08:00'));

beforeAll(async () => {
  // The Cores run on the clocks above (so "Synced" shows with the date: it is not today).
  team = await startTwoProfiles({
    a: { name: 'Ana', zone: BERLIN, core: { clock: clockA } },
    b: { name: 'Ben', zone: NEW_YORK, core: { clock: clockB } },
  });
});

afterAll(async () => {
  await team?.dispose();
});

describe('follow-the-sun handoff, in Chromium', () => {
  it('Ana hands off at the end of her day; Ben picks it up at the start of his; Ana sees the acknowledgement', async () => {
    // Ana and Ben are in one team, synced (startTwoProfiles).
    const { a: ana, b: ben } = team;
    const [a, b] = [ana.page, ben.page];
    // (Each works in the tab in front: Chromium throttles a background tab's timers.)
    await a.bringToFront();
    await nav(a, 'Team');
    await expect.poll(() => a.getByRole('rowheader', { name: 'Ben' }).count(), POLL).toBe(1);

    // 16:46 in Berlin, her day ends at 17:00: the handoff reminder is due (15 minutes before).
    clockA.set(wall(BERLIN, WED, '16:46'));
    ana.shell.core.services.reminders.check();
    const reminder = a.getByRole('group', { name: 'Write your handoff' });
    await expect.poll(() => reminder.textContent(), POLL).toContain('Next in the sun: Ben');
    // The page takes "now" from the Core's clock: the timeline agrees.
    await expect.poll(() => a.getByTestId('timeline-now').textContent(), POLL).toBe('now 16:46');

    await reminder.getByRole('button', { name: 'Write handoff' }).click();
    const dialog = a.getByRole('dialog', { name: 'Write your handoff' });
    await expect.poll(() => dialog.getByRole('checkbox', { name: /^Ben/ }).isChecked(), POLL).toBe(true);
    await dialog.getByLabel('Status').fill('Release 1.4 is tagged; the rollout is at 50%.');
    await dialog.getByLabel('Next steps').fill('Take the rollout to 100% once the error rate stays flat.');
    await dialog.getByRole('button', { name: 'Send handoff' }).click();
    await expect.poll(() => dialog.count(), POLL).toBe(0);
    await expect.poll(() => reminder.count(), POLL).toBe(0);

    // 09:01 the next morning in New York: Ben's day starts and the handoff has come through the relay.
    clockB.set(wall(NEW_YORK, THU, '09:01'));
    await expect.poll(() => ben.shell.core.services.handoffs.forMe().length, POLL).toBe(1);
    ben.shell.core.services.reminders.check();
    await b.bringToFront();
    const forBen = b.getByRole('group', { name: 'Handoffs for you' });
    await expect.poll(() => forBen.textContent(), POLL).toContain('1 handoff note is waiting for you.');
    await forBen.getByRole('button', { name: 'Read handoffs' }).click();

    const card = b.getByRole('region', { name: 'Handoffs for you' }).getByRole('article', { name: 'From Ana' });
    await expect.poll(() => card.textContent(), POLL).toContain('Release 1.4 is tagged; the rollout is at 50%.');
    await expect.poll(() => card.textContent()).toContain('(16:46 their time)');
    await card.getByRole('textbox', { name: 'Reply (optional)' }).fill('On it');
    await card.getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => b.getByRole('region', { name: 'Handoffs for you' }).getByText('Acknowledged (1)').count(), POLL).toBe(1);
    await expect.poll(() => forBen.count(), POLL).toBe(0);

    // Ana (still at 16:4x her time) sees who acknowledged, when (his time) and his reply.
    await a.bringToFront();
    const sent = a.getByRole('region', { name: 'Your handoffs' }).getByRole('article', { name: 'To Ben' });
    const ack = sent.getByTestId('ack-status');
    await expect.poll(() => ack.textContent(), POLL).toContain('Acknowledged by Ben');
    await expect.poll(() => ack.textContent()).toContain('(09:01 their time)');
    await expect.poll(() => ack.textContent()).toContain('On it');

    expect(team.errors).toEqual([]);
  });
});
