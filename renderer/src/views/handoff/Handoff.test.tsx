/**
 * Reminders, the handoff composer, "Handoffs for you", acknowledgements, escalation, the Team
 * timeline and the schedule settings — rendered against a real Core with an injected clock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { HandoffEntry } from '../../../../shared/model/log-types';
import { SPACE_DOC_ID } from '../../../../shared/model/doc-ids';
import { ackEntry, logDocIdFor, postEntry } from '../../../../shared/model/log';
import { upsertMember } from '../../../../shared/model/space';
import type { Member } from '../../../../shared/model/types';
import { parseClockTime, resolveLocalTime } from '../../../../shared/time';
import { LOCAL_ORIGIN } from '../../../../main/core/core';
import { startRendererHarness } from '../../../../test/support/renderer-harness';
import type { RendererHarness } from '../../../../test/support/renderer-harness';
import { TestClock } from '../../../../test/support/manual-clock';
import { App } from '../../components/App';
import { useAppStore } from '../../store';
import { HandoffWindowApp } from './HandoffWindowApp';
import { NextReminder } from '../today/NextReminder';

const wall = (zone: string, date: string, time: string) => resolveLocalTime(zone, date, parseClockTime(time)!);
const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';
const WED = '2026-02-04';
const THU = '2026-02-05';

const teammate = (id: string, name: string, timeZone: string): Member => ({
  id,
  name,
  timeZone,
  workdays: [1, 2, 3, 4, 5],
  workStart: '09:00',
  workEnd: '17:00',
  role: 'writer',
  joinedAt: 0,
});

let harness: RendererHarness;
let clock: TestClock;
let me: string;

async function setup(now: number, mates: Member[] = [teammate('ben', 'Ben', NEW_YORK)]) {
  clock = new TestClock(now);
  harness = startRendererHarness({ clock });
  me = (await harness.onboard({ name: 'Ana', timeZone: BERLIN })).memberId;
  const space = harness.core.services.doc(SPACE_DOC_ID);
  for (const m of mates) upsertMember(space, m, LOCAL_ORIGIN);
}

const logDoc = () => harness.core.services.doc(logDocIdFor(clock.now()));

afterEach(() => harness?.dispose());

describe('end-of-day reminder and the composer', () => {
  it('shows the reminder; "Write handoff" opens the pre-filled composer; sending clears the reminder', async () => {
    await setup(wall(BERLIN, WED, '10:00'));
    postEntry(logDoc(), { kind: 'update', by: me, now: clock.now(), authorZone: BERLIN, body: 'Shipped the importer' }, LOCAL_ORIGIN);
    clock.set(wall(BERLIN, WED, '16:46'));
    const user = userEvent.setup();
    render(<App />);

    const reminder = await screen.findByRole('group', { name: 'Write your handoff' });
    expect(reminder).toHaveTextContent('Your workday ends at 17:00. Next in the sun: Ben');
    await user.click(within(reminder).getByRole('button', { name: 'Write handoff' }));

    const dialog = await screen.findByRole('dialog', { name: 'Write your handoff' });
    const status = await within(dialog).findByLabelText('Status');
    expect(status).toHaveValue('- Shipped the importer');
    await waitFor(() => expect(status).toHaveFocus());
    const ben = within(dialog).getByRole('checkbox', { name: /^Ben/ });
    expect(ben).toBeChecked();
    expect(within(dialog).getByText('next in the sun')).toBeInTheDocument();
    expect(within(dialog).queryByRole('note')).toBeNull(); // inside my hours: no note
    await user.type(within(dialog).getByLabelText('Next steps'), 'Watch the rollout');
    await user.click(within(dialog).getByRole('button', { name: 'Send handoff' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(await screen.findByText('Handoff sent to Ben.')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('group', { name: 'Write your handoff' })).toBeNull());
    const mine = await harness.call<HandoffEntry[]>('handoffs.mine');
    expect(mine[0]).toMatchObject({ recipients: ['ben'], handoff: { status: '- Shipped the importer', nextSteps: 'Watch the rollout' } });
  });

  it('snooze hides the reminder for the chosen time; skip today hides it for the day', async () => {
    await setup(wall(BERLIN, WED, '16:46'));
    const user = userEvent.setup();
    render(<App />);
    let reminder = await screen.findByRole('group', { name: 'Write your handoff' });
    await user.click(within(reminder).getByRole('button', { name: 'Snooze' }));
    await user.click(within(reminder).getByRole('button', { name: '30 min' }));
    await waitFor(() => expect(screen.queryByRole('group', { name: 'Write your handoff' })).toBeNull());

    clock.set(wall(BERLIN, WED, '17:17'));
    await act(async () => void (await harness.call('reminders.list')));
    reminder = await screen.findByRole('group', { name: 'Write your handoff' });
    await user.click(within(reminder).getByRole('button', { name: 'Skip today' }));
    await waitFor(() => expect(screen.queryByRole('group', { name: 'Write your handoff' })).toBeNull());
    expect((await harness.call<{ active: unknown[] }>('reminders.list')).active).toEqual([]);
  });

  it('writing late shows a gentle note; delivery can wait for the start of their day', async () => {
    await setup(wall(BERLIN, WED, '22:10'));
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByRole('button', { name: 'Team' }));
    await user.click(screen.getByRole('button', { name: 'Write handoff' }));
    const dialog = await screen.findByRole('dialog', { name: 'Write your handoff' });
    expect(await within(dialog).findByRole('note')).toHaveTextContent('It’s 22:10 for you — outside your working hours.');
    await user.type(within(dialog).getByLabelText('Status'), 'Hotfix deployed');
    const later = within(dialog).getByRole('checkbox', { name: /Deliver at the start of Ben’s day/ });
    expect(later).toHaveAccessibleName(/Thu 09:00 their time \(tomorrow 15:00 yours\)/);
    await user.click(later);
    await user.click(within(dialog).getByRole('button', { name: 'Send handoff' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const [entry] = await harness.call<HandoffEntry[]>('handoffs.mine');
    expect(entry.deliverAt).toBe(wall(NEW_YORK, THU, '09:00'));
  });

  it('Escape closes the composer and gives focus back', async () => {
    await setup(wall(BERLIN, WED, '12:00'));
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByRole('button', { name: 'Team' }));
    const open = screen.getByRole('button', { name: 'Write handoff' });
    await user.click(open);
    await screen.findByRole('dialog');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(open).toHaveFocus();
  });
});

describe('handoffs for me, acknowledgements, escalation', () => {
  it('"Handoffs for you": read, acknowledge with a reply; the reminder at the start of my day leads there', async () => {
    await setup(wall(BERLIN, '2026-02-03', '22:00'));
    postEntry(
      logDoc(),
      { kind: 'handoff', by: 'ben', now: clock.now(), authorZone: NEW_YORK, recipients: [me], handoff: { status: 'Deploy is half done', nextSteps: 'Finish the deploy' } },
      LOCAL_ORIGIN,
    );
    clock.set(wall(BERLIN, WED, '09:05'));
    const user = userEvent.setup();
    render(<App />);

    const reminder = await screen.findByRole('group', { name: 'Handoffs for you' });
    expect(reminder).toHaveTextContent('1 handoff note is waiting for you.');
    await user.click(within(reminder).getByRole('button', { name: 'Read handoffs' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Team' })).toBeInTheDocument();
    const section = screen.getByRole('region', { name: 'Handoffs for you' });
    const card = await within(section).findByRole('article', { name: 'From Ben' });
    expect(card).toHaveTextContent('Deploy is half done');
    expect(card).toHaveTextContent('Finish the deploy');
    await user.type(within(card).getByRole('textbox', { name: 'Reply (optional)' }), 'On it');
    await user.click(within(card).getByRole('button', { name: 'Acknowledge' }));

    await waitFor(() => expect(within(section).getByText('Nothing waiting for you.')).toBeInTheDocument());
    expect(within(section).getByText('Acknowledged (1)')).toBeInTheDocument();
    const [entry] = await harness.call<HandoffEntry[]>('handoffs.forMe');
    expect(entry.acks).toEqual([{ memberId: me, at: wall(BERLIN, WED, '09:05'), reply: 'On it' }]);
    await waitFor(() => expect(screen.queryByRole('group', { name: 'Handoffs for you' })).toBeNull());
  });

  it('"Your handoffs" shows who acknowledged and when, as it arrives', async () => {
    await setup(wall(BERLIN, WED, '16:50'));
    const posted = await harness.call<HandoffEntry>('handoffs.post', { recipients: ['ben'], sections: { status: 'All green', nextSteps: '', watchOut: '', links: '' } });
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByRole('button', { name: 'Team' }));
    const mine = screen.getByRole('region', { name: 'Your handoffs' });
    const card = await within(mine).findByRole('article', { name: 'To Ben' });
    expect(card).toHaveTextContent('Waiting for Ben to acknowledge.');

    clock.set(wall(NEW_YORK, THU, '09:02'));
    act(() => void ackEntry(logDoc(), { entryId: posted.id, by: 'ben', now: clock.now(), reply: 'Got it' }, { kind: 'remote' }));
    await waitFor(() => expect(within(card).getByTestId('ack-status')).toHaveTextContent('Acknowledged by Ben'));
    expect(within(card).getByTestId('ack-status')).toHaveTextContent('(09:02 their time)');
    expect(within(card).getByTestId('ack-status')).toHaveTextContent('Got it');
  });

  it('an unacknowledged handoff is flagged and can be forwarded to the next in the sun', async () => {
    await setup(wall(BERLIN, WED, '16:50'), [teammate('ben', 'Ben', NEW_YORK), teammate('chiara', 'Chiara', 'Asia/Tokyo')]);
    const posted = await harness.call<HandoffEntry>('handoffs.post', { recipients: ['ben'], sections: { status: 'Rollout at 50%', nextSteps: '', watchOut: '', links: '' } });
    clock.set(wall(NEW_YORK, THU, '11:01'));
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByRole('button', { name: 'Team' }));
    const flagged = await screen.findByTestId('escalated-handoffs');
    expect(flagged).toHaveTextContent('Ana → Ben');
    expect(flagged).toHaveTextContent('Rollout at 50%');
    await user.click(within(flagged).getByRole('button', { name: 'Forward to Chiara' }));
    await waitFor(() => expect(screen.queryByTestId('escalated-handoffs')).toBeNull());
    const [entry] = await harness.call<HandoffEntry[]>('handoffs.mine');
    expect(entry).toMatchObject({ id: posted.id, recipients: ['ben', 'chiara'] });
  });
});

describe('Team view and settings', () => {
  it("draws everyone's hours in my zone with the overlap and now; lists status and local time", async () => {
    await setup(wall(BERLIN, WED, '16:46'));
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByRole('button', { name: 'Team' }));
    const picture = await screen.findByRole('img', { name: 'Team working hours on Wed 4 Feb, in Europe/Berlin' });
    expect(picture).toHaveAccessibleDescription(/Ana: 09:00–17:00 your time\. Ben: 15:00–23:00 your time \(09:00–17:00 in America\/New_York\)\. Everyone works 15:00–17:00\. It is now 16:46\./);
    expect(within(picture).getByTestId('timeline-now')).toHaveTextContent('now 16:46');
    const benRow = screen.getByRole('rowheader', { name: 'Ben' }).closest('tr')!;
    expect(benRow).toHaveTextContent('Wed 10:46');
    expect(benRow).toHaveTextContent('Working');
    const anaRow = screen.getByRole('rowheader', { name: /Ana/ }).closest('tr')!;
    expect(anaRow).toHaveTextContent('Ending soon');
    expect(anaRow).toHaveTextContent('until 17:00');
  });

  it('breaks and time off are saved to my member record and shown on the team', async () => {
    await setup(wall(BERLIN, WED, '10:00'));
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByRole('button', { name: 'Settings' }));
    const card = screen.getByRole('region', { name: 'Breaks and time off' });
    await user.click(within(card).getByRole('button', { name: 'Add a break' }));
    const day = within(card).getByLabelText('Day off');
    await user.type(day, '2026-02-06');
    await user.click(within(card).getByRole('button', { name: 'Add day off' }));
    await user.click(within(card).getByRole('button', { name: 'Save breaks and time off' }));
    expect(await within(card).findByText('Breaks and time off saved.')).toBeInTheDocument();
    const [member] = await harness.call<Member[]>('team.members');
    expect(member).toMatchObject({ breaks: [{ start: '12:00', end: '13:00' }], timeOff: ['2026-02-06'] });

    await user.click(screen.getByRole('button', { name: 'Team' }));
    const row = (await screen.findByRole('rowheader', { name: /Ana/ })).closest('tr')!;
    expect(row).toHaveTextContent('Break 12:00–13:00');
    expect(row).toHaveTextContent('Off Fri 6 Feb');
  });

  it('launch at login is off until turned on, and stored', async () => {
    await setup(wall(BERLIN, WED, '10:00'));
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByRole('button', { name: 'Settings' }));
    const box = await screen.findByRole('checkbox', { name: 'Start Baton when I log in' });
    await waitFor(() => expect(box).toBeEnabled());
    expect(box).not.toBeChecked();
    await user.click(box);
    await waitFor(() => expect(box).toBeChecked());
    expect(await harness.call('settings.get')).toEqual({ launchAtLogin: true });
  });
});

describe('the handoff window (#/handoff)', () => {
  it('shows only the composer, then a confirmation', async () => {
    await setup(wall(BERLIN, WED, '16:46'));
    const user = userEvent.setup();
    render(<HandoffWindowApp />);
    const form = await screen.findByRole('form', { name: 'Write your handoff' });
    expect(screen.queryByRole('navigation')).toBeNull();
    await user.type(await within(form).findByLabelText('Status'), 'Done for today');
    await user.click(within(form).getByRole('button', { name: 'Send handoff' }));
    expect(await screen.findByRole('heading', { name: 'Handoff sent' })).toBeInTheDocument();
    expect(screen.getByText(/Ben will find it when their day starts/)).toBeInTheDocument();
  });
});

describe('Today: my next reminder', () => {
  it('says what comes next, in my time, by the Core\'s clock', async () => {
    await setup(wall(BERLIN, WED, '16:00'));
    await useAppStore.getState().loadProfile();
    render(<NextReminder />);
    const card = await screen.findByRole('region', { name: 'My next reminder' });
    await waitFor(() => expect(card).toHaveTextContent('Next Write your handoff — today 16:45 (in 45 min)'));
    clock.set(wall(BERLIN, WED, '16:50'));
    // In the app the banner keeps the store's list fresh from events; here, ask once.
    await act(async () => void (await useAppStore.getState().loadReminders()));
    await waitFor(() => expect(card).toHaveTextContent('Write your handoff — due now'));
    expect(card).toHaveTextContent('Next Write your handoff — tomorrow 16:45');
  });
});
