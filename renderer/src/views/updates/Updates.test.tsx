/**
 * The update log in the renderer against a real Core (test/support/renderer-harness.ts):
 * composing with drafts that survive a reload, posting, the feed, catch-up with the sidebar
 * count, acknowledgements, mentions autocomplete, safe Markdown, the weekly summary, goals,
 * Today and the team settings card. Teammates' entries are written into the Core's docs with
 * the relay's origin, as sync would.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { FeedEntry, LogDraft, LogSettings } from '../../../../shared/api/log-api';
import type { Profile } from '../../../../shared/api/contract';
import { SPACE_DOC_ID } from '../../../../shared/model/doc-ids';
import { addReply, logDocIdFor, postEntry } from '../../../../shared/model/log';
import type { PostEntryInput } from '../../../../shared/model/log';
import { upsertMember } from '../../../../shared/model/space';
import { startRendererHarness } from '../../../../test/support/renderer-harness';
import type { RendererHarness } from '../../../../test/support/renderer-harness';
import { App } from '../../components/App';
import { useAppStore } from '../../store';
import { COMPOSER_DRAFT_KEY } from './Composer';

const REMOTE = { kind: 'remote' } as const;
const SLOW = { timeout: 4000 };

let harness: RendererHarness;
let profile: Profile;

beforeEach(async () => {
  harness = startRendererHarness();
  profile = await harness.onboard({ name: 'Ada' });
  upsertMember(
    harness.core.services.doc(SPACE_DOC_ID),
    { id: 'bo', name: 'Bo Lee', timeZone: 'Asia/Tokyo', workdays: [1, 2, 3, 4, 5], workStart: '09:00', workEnd: '18:00', role: 'writer', joinedAt: 1 },
    REMOTE,
  );
});
afterEach(() => harness.dispose());

function teammatePost(input: Partial<PostEntryInput> & { body: string }) {
  const now = input.now ?? Date.now();
  return postEntry(harness.core.services.doc(logDocIdFor(now)), { kind: 'update', by: 'bo', authorZone: 'Asia/Tokyo', now, ...input } as PostEntryInput, REMOTE);
}

const nav = () => screen.getByRole('navigation', { name: 'Main' });
const composer = () => screen.getByRole('region', { name: 'Write to the log' });

async function openUpdates() {
  render(<App />);
  const user = userEvent.setup();
  await user.click(await within(await screen.findByRole('navigation', { name: 'Main' })).findByRole('button', { name: /Updates/ }));
  await screen.findByRole('region', { name: 'Write to the log' });
  // Teammates are loaded (the composer offers them as recipients).
  await within(await screen.findByRole('group', { name: 'Addressed to' })).findByRole('checkbox', { name: 'Bo Lee' });
  return user;
}

describe('update log views', () => {
  it('saves the composer as a draft while typing; a reload restores it; posting clears it and shows the entry', async () => {
    const user = await openUpdates();
    await user.type(within(composer()).getByLabelText('What did you get done?'), 'Shipped the importer');
    await user.type(within(composer()).getByLabelText('Notes'), 'Thanks **team** #release');
    await waitFor(async () => {
      const draft = await harness.call<LogDraft | null>('log.draft.get', { key: COMPOSER_DRAFT_KEY });
      expect(draft && JSON.parse(draft.body).body).toBe('Thanks **team** #release');
    }, SLOW);
    expect(within(composer()).getByRole('status', { name: 'Draft' })).toHaveTextContent(/Draft saved/);

    // "Reload": a fresh render of the app, as after quitting and starting again.
    screen.getByRole('navigation', { name: 'Main' });
    const { unmount } = { unmount: () => document.body.replaceChildren() };
    unmount();
    useAppStore.getState().navigate('today');
    render(<App />);
    await user.click(await within(await screen.findByRole('navigation', { name: 'Main' })).findByRole('button', { name: /Updates/ }));
    await waitFor(() => expect(within(composer()).getByLabelText('Notes')).toHaveValue('Thanks **team** #release'), SLOW);
    expect(within(composer()).getByLabelText('What did you get done?')).toHaveValue('Shipped the importer');

    await user.click(within(composer()).getByRole('button', { name: 'Preview' }));
    expect(within(within(composer()).getByLabelText('Preview')).getByText('team').tagName).toBe('STRONG');
    await user.click(within(composer()).getByRole('button', { name: 'Edit' }));

    await user.click(within(composer()).getByRole('button', { name: 'Post update' }));
    const entry = await screen.findByRole('article', { name: 'Daily update by Ada' }, SLOW);
    expect(entry).toHaveTextContent('Shipped the importer');
    expect(within(entry).getAllByText('#release').map((e) => e.className)).toEqual(['md-tag']);
    await waitFor(() => expect(within(composer()).getByLabelText('Notes')).toHaveValue(''));
    expect(await harness.call('log.draft.get', { key: COMPOSER_DRAFT_KEY })).toBeNull();
    // A local-only space has no relay: nothing "waits to sync".
    expect(within(entry).queryByText('Waiting to sync')).toBeNull();
  });

  it('suggests teammates after @ and pages after [[', async () => {
    await harness.call('pages.create', { title: 'Release plan' });
    const user = await openUpdates();
    const notes = within(composer()).getByLabelText('Notes');
    await user.type(notes, 'Hi @Bo');
    const option = await within(await screen.findByRole('listbox', { name: 'Suggestions' })).findByRole('option', { name: /Bo Lee/ });
    expect(option).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{Enter}');
    expect(notes).toHaveValue('Hi @Bo Lee ');
    await user.type(notes, 'see [[[[rel'); // user-event reads '[[' as one '['
    await within(await screen.findByRole('listbox', { name: 'Suggestions' })).findByRole('option', { name: /Release plan/ });
    await user.keyboard('{Enter}');
    expect(notes).toHaveValue('Hi @Bo Lee see [[Release plan]]');
    await user.click(within(composer()).getByRole('radio', { name: 'FYI' }));
    await user.click(within(composer()).getByRole('button', { name: 'Post FYI' }));
    const entry = await screen.findByRole('article', { name: 'FYI by Ada' }, SLOW);
    expect(within(entry).getByText('@Bo Lee')).toHaveClass('md-mention');
    expect(within(entry).getByRole('link', { name: 'Release plan' })).toHaveAttribute('href', expect.stringMatching(/^baton:\/\/page\//));
  });

  it('renders teammates’ Markdown safely: no HTML, no script links', async () => {
    teammatePost({ body: '<img src=x onerror="window.hacked=1"> [click](javascript:window.hacked=1) [ok](https://example.com)' });
    await openUpdates();
    const entry = await screen.findByRole('article', { name: 'Daily update by Bo Lee' });
    expect(entry.querySelector('img')).toBeNull();
    expect(within(entry).getAllByRole('link').map((a) => a.getAttribute('href'))).toEqual(['https://example.com']);
    expect(entry).toHaveTextContent('<img src=x onerror="window.hacked=1">');
  });

  it('catch-up counts open comment threads per page, and resolving one clears it', async () => {
    const page = await harness.call<{ id: string }>('pages.create', { title: 'Runbook' });
    const thread = await harness.call<{ id: string }>('comments.add', { pageId: page.id, body: 'Is this still true?' });
    const user = await openUpdates();
    await user.click(screen.getByRole('tab', { name: /Catch up/ }));
    const list = await screen.findByRole('list', { name: 'Pages with open comments' }, SLOW);
    expect(within(list).getByRole('listitem')).toHaveTextContent('Runbook 1 open thread');
    await harness.call('comments.resolve', { pageId: page.id, threadId: thread.id, resolved: true });
    await waitFor(() => expect(screen.getByText('No open comments on any page.')).toBeInTheDocument(), SLOW);
  });

  it('counts new entries on Updates in the sidebar; catch-up lists them; "Seen" acknowledges and clears the count', async () => {
    const theirs = teammatePost({ body: 'Need a review @Ada', recipients: [profile.memberId], urgency: 'needs-input', directory: { members: [{ id: profile.memberId, name: 'Ada' }], pages: [] } });
    const user = await openUpdates();
    const badge = await within(nav()).findByTestId('updates-unread', {}, SLOW);
    expect(badge).toHaveTextContent('1');

    // The expected reply time is shown in my zone (Ada: Europe/Berlin).
    const card = await screen.findByRole('article', { name: 'Daily update by Bo Lee' });
    expect(within(card).getByRole('list', { name: 'Expected replies' })).toHaveTextContent(/Needs input You: reply expected by .* your time \(Berlin\)/);

    await user.click(screen.getByRole('tab', { name: /Catch up/ }));
    const list = await screen.findByRole('list', { name: 'Unread entries' });
    const item = await within(list).findByRole('article', { name: 'Daily update by Bo Lee' });
    expect(within(item).getByText('Mentions you')).toBeInTheDocument();
    await user.click(within(item).getByRole('button', { name: 'Seen' }));
    await waitFor(async () => expect((await harness.call<{ total: number }>('log.unreadCount')).total).toBe(0), SLOW);

    await waitFor(() => expect(within(nav()).queryByTestId('updates-unread')).toBeNull(), SLOW);
    await waitFor(() => expect(screen.getByText('No new entries.')).toBeInTheDocument(), SLOW);
    const acked = await harness.call<FeedEntry>('log.entry', { id: theirs.id });
    expect(acked.acks.map((a) => a.memberId)).toEqual([profile.memberId]);

    // A reply by Bo on my own entry counts as new for me.
    const mine = await harness.call<FeedEntry>('log.post', { kind: 'update', body: 'My own' });
    act(() => {
      addReply(harness.core.services.doc(logDocIdFor(mine.createdAt)), { entryId: mine.id, by: 'bo', now: Date.now() + 1000, body: 'Question on this' }, REMOTE);
    });
    await waitFor(() => expect(within(nav()).getByTestId('updates-unread')).toHaveTextContent('1'), SLOW);
    const replyItem = await within(await screen.findByRole('list', { name: 'Unread entries' })).findByRole('article', { name: 'Daily update by Ada' }, SLOW);
    expect(within(replyItem).getByText('1 new reply')).toBeInTheDocument();
    expect(within(replyItem).getByRole('region', { name: 'Replies to Ada' })).toHaveTextContent('Question on this');
    await user.click(screen.getByRole('button', { name: 'Mark all read' }));
    await waitFor(() => expect(within(nav()).queryByTestId('updates-unread')).toBeNull(), SLOW);
  });

  it('decisions, blockers (pinned until resolved), replies, reactions, edit and delete', async () => {
    const user = await openUpdates();
    await user.click(within(composer()).getByRole('radio', { name: 'Blocker' }));
    await user.type(within(composer()).getByLabelText('What is blocking you'), 'Staging is down');
    await user.click(within(within(composer()).getByRole('group', { name: 'Who can unblock you' })).getByRole('checkbox', { name: 'Bo Lee' }));
    await user.click(within(composer()).getByRole('button', { name: 'Post blocker' }));
    const pinned = await screen.findByRole('region', { name: /Open blockers/ });
    const blocker = within(pinned).getByRole('article', { name: 'Blocker by Ada' });
    expect(blocker).toHaveTextContent('Can unblock: Bo Lee');
    await user.click(within(blocker).getByRole('button', { name: 'Mark resolved' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: /Open blockers/ })).toBeNull(), SLOW);

    await user.click(within(composer()).getByRole('radio', { name: 'Decision' }));
    await user.type(within(composer()).getByLabelText('Title'), 'Adopt SQLite');
    await user.type(within(composer()).getByLabelText('Why'), 'Embedded');
    await user.click(within(composer()).getByRole('button', { name: 'Post decision' }));
    const decision = await screen.findByRole('article', { name: 'Decision by Ada' });
    expect(decision).toHaveTextContent('Adopt SQLite');
    await user.selectOptions(within(decision).getByRole('combobox', { name: 'Decision status' }), 'accepted');
    await waitFor(() => expect(within(screen.getByRole('article', { name: 'Decision by Ada' })).getByText('Accepted')).toBeInTheDocument(), SLOW);

    // Reply, react, edit, delete.
    let card = screen.getByRole('article', { name: 'Decision by Ada' });
    await user.click(within(card).getByRole('button', { name: 'Reply' }));
    await user.type(within(card).getByLabelText('Reply to Ada'), 'Agreed');
    await user.click(within(card).getByRole('button', { name: 'Send reply' }));
    await waitFor(() => expect(within(screen.getByRole('article', { name: 'Decision by Ada' })).getByRole('region', { name: 'Replies to Ada' })).toHaveTextContent('Agreed'), SLOW);
    card = screen.getByRole('article', { name: 'Decision by Ada' });
    await user.click(within(card).getByRole('button', { name: 'Add a reaction' }));
    await user.click(within(card).getByRole('button', { name: 'React with 🎉' }));
    await waitFor(() => expect(within(screen.getByRole('article', { name: 'Decision by Ada' })).getByRole('button', { name: /🎉 1: Ada/ })).toHaveAttribute('aria-pressed', 'true'), SLOW);

    card = screen.getByRole('article', { name: 'Decision by Ada' });
    await user.click(within(card).getByRole('button', { name: 'Edit' }));
    const title = within(card).getByLabelText('Title');
    await user.clear(title);
    await user.type(title, 'Adopt SQLite everywhere');
    await user.click(within(card).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(screen.getByRole('article', { name: 'Decision by Ada' })).toHaveTextContent(/Adopt SQLite everywhere.*edited|edited.*Adopt SQLite everywhere/s), SLOW);

    card = screen.getByRole('article', { name: 'Decision by Ada' });
    await user.click(within(card).getByRole('button', { name: 'Delete' }));
    await user.click(within(card).getByRole('button', { name: 'Delete entry' }));
    // The thread keeps the tombstone in the feed.
    await waitFor(() => expect(screen.getByRole('article', { name: 'Decision by Ada' })).toHaveTextContent('This entry was deleted.'), SLOW);
  });

  it('filters the feed by person, kind and search', async () => {
    teammatePost({ body: 'Tokyo office opened #office', tags: ['office'], now: Date.now() - 60_000 });
    await harness.call('log.post', { kind: 'fyi', body: 'Deploy freeze on Friday' });
    const user = await openUpdates();
    await screen.findByRole('article', { name: 'FYI by Ada' });
    const feed = () => screen.getAllByTestId('log-entry').map((e) => e.getAttribute('aria-labelledby') && e.textContent);

    await user.selectOptions(screen.getByRole('combobox', { name: 'Person' }), 'Bo Lee');
    await waitFor(() => expect(screen.queryByRole('article', { name: 'FYI by Ada' })).toBeNull(), SLOW);
    expect(screen.getByRole('article', { name: 'Daily update by Bo Lee' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));

    await user.type(screen.getByRole('searchbox', { name: 'Search the log' }), 'freez');
    await waitFor(() => expect(screen.queryByRole('article', { name: 'Daily update by Bo Lee' })).toBeNull(), SLOW);
    expect(feed()).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));

    await user.selectOptions(screen.getByRole('combobox', { name: 'Tag' }), 'office');
    await waitFor(() => expect(screen.queryByRole('article', { name: 'FYI by Ada' })).toBeNull(), SLOW);
  });

  it('weekly summary: chart, export as Markdown, post to the log', async () => {
    await harness.call('log.post', { kind: 'update', body: 'Did things' });
    const user = await openUpdates();
    await user.click(screen.getByRole('tab', { name: 'Weekly summary' }));
    expect(await screen.findByRole('img', { name: /Activity per day/ })).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'At a glance' })).toHaveTextContent(/Updates1/);

    const clicked: { download: string; href: string }[] = [];
    const spy = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ download: this.download, href: this.href });
    });
    await user.click(screen.getByRole('button', { name: 'Export Markdown' }));
    spy.mockRestore();
    expect(clicked).toHaveLength(1);
    expect(clicked[0].download).toMatch(/^weekly-summary-\d{4}-W\d{2}\.md$/);

    await user.click(screen.getByRole('button', { name: 'Post to the log' }));
    await screen.findByText('Posted to the log.');
    await user.click(screen.getByRole('tab', { name: 'Log' }));
    expect(await screen.findByRole('article', { name: 'Weekly summary by Ada' })).toHaveTextContent(/Weekly summary: week \d+/);
  });

  it('goals: create, link an update, see it on the goal and on Today', async () => {
    teammatePost({ kind: 'blocker', body: 'Waiting for keys', blocker: { canUnblock: [profile.memberId] } } as Partial<PostEntryInput> & { body: string });
    const user = await openUpdates();
    await user.click(screen.getByRole('tab', { name: 'Goals' }));
    await user.click(screen.getByRole('button', { name: 'New goal' }));
    await user.type(screen.getByLabelText('Goal'), 'Launch v1');
    await user.click(screen.getByRole('button', { name: 'Create goal' }));
    await screen.findByRole('article', { name: 'Launch v1' }, SLOW);

    await user.click(screen.getByRole('tab', { name: 'Log' }));
    await user.type(within(composer()).getByLabelText('Notes'), 'Store listing done');
    await waitFor(() => expect(within(composer()).getByRole('combobox', { name: 'Goal' })).toBeInTheDocument(), SLOW);
    await user.selectOptions(within(composer()).getByRole('combobox', { name: 'Goal' }), 'Launch v1');
    await user.click(within(composer()).getByRole('button', { name: 'Post update' }));
    expect(await screen.findByText('Goal: Launch v1', {}, SLOW)).toBeInTheDocument();

    await user.click(within(nav()).getByRole('button', { name: /Today/ }));
    const goals = await screen.findByRole('region', { name: 'Goals' }, SLOW);
    await waitFor(() => expect(goals).toHaveTextContent(/Launch v1.*Store listing done/s), SLOW);
    await waitFor(() => expect(screen.getByRole('region', { name: /Open blockers/ })).toHaveTextContent('you can unblock this'), SLOW);
    expect(screen.getByRole('region', { name: 'Teammates’ latest' })).toHaveTextContent('Waiting for keys');
    await waitFor(() => expect(screen.getByTestId('today-unread')).toHaveTextContent('1'), SLOW);
  });

  it('team settings: check-in questions, urgency levels and team zone are saved to the space', async () => {
    useAppStore.getState().navigate('settings');
    render(<App />);
    const user = userEvent.setup();
    const card = await screen.findByRole('region', { name: 'Team settings' });
    await waitFor(() => expect(within(card).getByLabelText('Question 1')).toHaveValue('What did you get done?'), SLOW);
    await user.clear(within(card).getByLabelText('Question 1'));
    await user.type(within(card).getByLabelText('Question 1'), 'What shipped?');
    await user.click(within(card).getByRole('button', { name: 'Remove question 3' }));
    await user.clear(within(card).getByLabelText('Level 3 response time in working hours'));
    await user.type(within(card).getByLabelText('Level 3 response time in working hours'), '1.5');
    await user.type(within(card).getByLabelText('Team time zone'), 'Asia/Tokyo');
    await user.click(within(card).getByRole('button', { name: 'Save team settings' }));
    await within(card).findByText('Team settings saved.');
    const settings = await harness.call<LogSettings>('log.settings');
    expect(settings.checkInQuestions).toEqual(['What shipped?', "What's next?"]);
    expect(settings.urgencyLevels[2]).toEqual({ id: 'urgent', label: 'Urgent', responseWorkingMinutes: 90 });
    expect(settings.teamZone).toBe('Asia/Tokyo');
  });
});
