/**
 * The knowledge base's tree, templates, archive, moves, backlinks and reviews in jsdom against a
 * real Core (renderer harness): what the user does goes through the real API and the Core's
 * answer is what the test checks.
 */
import '../../../../test/support/prosemirror-jsdom';
import { afterEach, describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { PageSummary } from '../../../../shared/api/contract';
import { pageLinkHref } from '../../../../shared/model/links';
import { writeTemplateContent } from '../../../../shared/model/templates';
import { editAsWindow, manualClock } from '../../../../test/support/page-editing';
import { startRendererHarness } from '../../../../test/support/renderer-harness';
import type { RendererHarness } from '../../../../test/support/renderer-harness';
import { App } from '../../components/App';
import { useAppStore } from '../../store';

const DAY = 24 * 60 * 60 * 1000;

let harness: RendererHarness;
afterEach(() => harness.dispose());

async function start(options: Parameters<typeof startRendererHarness>[0] = {}) {
  harness = startRendererHarness(options);
  await harness.onboard({ name: 'Ada' });
  useAppStore.getState().navigate('knowledge');
}

const create = (title: string, parentId?: string) => harness.call<PageSummary>('pages.create', { title, ...(parentId ? { parentId } : {}) });
const list = () => harness.call<PageSummary[]>('pages.list');
const tree = () => screen.getByRole('tree', { name: 'Pages' });
const item = (name: string) => within(tree()).getByRole('treeitem', { name });
const shownTitles = () => within(tree()).queryAllByRole('treeitem').map((el) => el.getAttribute('aria-label'));

// Whole user journeys against a real Core: slower than 5 s when the suite runs in parallel.
describe('page tree', { timeout: 20_000 }, () => {
  it('nests pages, expands and collapses with the mouse and the arrow keys', async () => {
    await start();
    const handbook = await create('Handbook');
    const ops = await create('Ops', handbook.id);
    await create('Deploys', ops.id);
    await create('Zeta');
    const user = userEvent.setup();
    render(<App />);

    await waitFor(() => expect(shownTitles()).toEqual(['Handbook', 'Zeta']));
    const top = item('Handbook');
    expect(top).toHaveAttribute('aria-level', '1');
    expect(top).toHaveAttribute('aria-expanded', 'false');
    expect(top).toHaveAttribute('aria-setsize', '2');
    expect(item('Zeta')).not.toHaveAttribute('aria-expanded');
    // One tab stop.
    expect(within(tree()).getAllByRole('treeitem').filter((el) => el.tabIndex === 0)).toHaveLength(1);

    // → opens, → again goes to the first subpage, ↓ / ← / ←.
    top.focus();
    await user.keyboard('{ArrowRight}');
    expect(shownTitles()).toEqual(['Handbook', 'Ops', 'Zeta']);
    expect(item('Handbook')).toHaveAttribute('aria-expanded', 'true');
    await user.keyboard('{ArrowRight}');
    expect(item('Ops')).toHaveFocus();
    expect(item('Ops')).toHaveAttribute('aria-level', '2');
    await user.keyboard('{ArrowRight}{ArrowRight}');
    expect(item('Deploys')).toHaveFocus();
    expect(item('Deploys')).toHaveAttribute('aria-level', '3');
    await user.keyboard('{ArrowLeft}');
    expect(item('Ops')).toHaveFocus();
    await user.keyboard('{ArrowLeft}');
    expect(shownTitles()).toEqual(['Handbook', 'Ops', 'Zeta']);
    await user.keyboard('{ArrowLeft}');
    expect(item('Handbook')).toHaveFocus();
    await user.keyboard('{End}');
    expect(item('Zeta')).toHaveFocus();
    await user.keyboard('{Home}h');
    expect(item('Handbook')).toHaveFocus();

    // Enter opens the page; the tree marks it selected.
    await user.keyboard('{ArrowDown}{Enter}');
    expect(await screen.findByLabelText('Page title')).toHaveValue('Ops');
    expect(item('Ops')).toHaveAttribute('aria-selected', 'true');
    // The breadcrumb shows its ancestors and opens them.
    const crumbs = screen.getByRole('navigation', { name: 'Breadcrumb' });
    await user.click(within(crumbs).getByRole('button', { name: 'Handbook' }));
    await waitFor(() => expect(screen.getByLabelText('Page title')).toHaveValue('Handbook'));

    // The toggle collapses with the mouse.
    await user.click(item('Handbook').querySelector('.kb-tree-toggle')!);
    expect(shownTitles()).toEqual(['Handbook', 'Zeta']);
  });

  it('"Move to…" lists no page of the moved page’s own subtree, and moves the page', async () => {
    await start();
    const handbook = await create('Handbook');
    const ops = await create('Ops', handbook.id);
    await create('Deploys', ops.id);
    await create('Guides');
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByRole('treeitem', { name: 'Handbook' }));
    await screen.findByLabelText('Page title');

    await user.click(screen.getByRole('button', { name: 'More page actions' }));
    await user.click(screen.getByRole('menuitem', { name: 'Move to…' }));
    const dialog = screen.getByRole('dialog', { name: 'Move “Handbook”' });
    const options = () => within(dialog).getAllByRole('option').map((o) => o.getAttribute('aria-label'));
    expect(options()).toEqual(['Top level (current place)', 'Guides']);
    const search = within(dialog).getByRole('combobox', { name: 'Move under' });
    expect(search).toHaveFocus();
    await user.type(search, 'dep');
    expect(within(dialog).queryAllByRole('option', { name: /Deploys/ })).toHaveLength(0);
    await user.clear(search);
    await user.type(search, 'gui');
    expect(options()).toEqual(['Guides']);
    await user.keyboard('{Enter}');

    await waitFor(async () => expect((await list()).find((p) => p.id === handbook.id)?.parentId).not.toBeNull());
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    // The moved page stays in view: its new parent opened.
    await waitFor(() => expect(shownTitles()).toEqual(['Guides', 'Handbook']));
    expect(item('Handbook')).toHaveAttribute('aria-level', '2');
  });

  it('archives with an undo, lists archived pages and restores them with their subpages', async () => {
    await start();
    const runbook = await create('Runbook');
    await create('Paging', runbook.id);
    await create('Other');
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByRole('treeitem', { name: 'Runbook' }));
    await screen.findByLabelText('Page title');

    await user.click(screen.getByRole('button', { name: 'More page actions' }));
    await user.click(screen.getByRole('menuitem', { name: 'Archive' }));
    await waitFor(() => expect(shownTitles()).toEqual(['Other']));
    expect(screen.getByRole('heading', { name: 'No page open' })).toBeInTheDocument();
    expect((await harness.call<PageSummary[]>('pages.archived')).map((p) => p.title)).toEqual(['Runbook']);

    // Undo brings it back with its subpage, and opens it.
    const notice = screen.getByText(/Archived “Runbook”/).closest('.kb-undo') as HTMLElement;
    await user.click(within(notice).getByRole('button', { name: 'Undo' }));
    await waitFor(async () => expect((await list()).map((p) => p.title).sort()).toEqual(['Other', 'Paging', 'Runbook']));
    await waitFor(() => expect(screen.getByLabelText('Page title')).toHaveValue('Runbook'));

    // Archive again, then restore from "Archived pages".
    await user.click(screen.getByRole('button', { name: 'More page actions' }));
    await user.click(screen.getByRole('menuitem', { name: 'Archive' }));
    await waitFor(() => expect(shownTitles()).toEqual(['Other']));
    await user.click(screen.getByRole('button', { name: /Archived pages/ }));
    const archived = await screen.findByRole('list', { name: 'Archived pages' });
    await user.click(await within(archived).findByRole('button', { name: 'Restore Runbook' }));
    await waitFor(() => expect(shownTitles()).toEqual(['Runbook', 'Other']));
    await waitFor(() => expect(within(archived).queryByRole('button', { name: 'Restore Runbook' })).not.toBeInTheDocument());
  });
});

describe('templates', { timeout: 20_000 }, () => {
  it('creates a page from a built-in template: the editor shows its headings; saves and deletes a team template', async () => {
    await start();
    const user = userEvent.setup();
    render(<App />);
    await screen.findByText(/knowledge base is empty/);

    await user.click(screen.getByRole('button', { name: 'Start from a template' }));
    const menu = screen.getByRole('menu');
    expect(within(menu).getByRole('menuitem', { name: 'Blank page' })).toHaveFocus();
    for (const name of ['Decision record', 'Meeting notes', 'Retrospective', 'Team communication protocol', 'Project plan', 'Onboarding guide']) {
      expect(within(menu).getByRole('menuitem', { name })).toBeInTheDocument();
    }
    await user.click(await within(menu).findByRole('menuitem', { name: 'Decision record' }));

    const title = await screen.findByLabelText('Page title');
    expect(title).toHaveValue('Decision record');
    await waitFor(() => expect(title).toHaveFocus());
    const body = await screen.findByRole('textbox', { name: 'Page body' });
    await waitFor(() => expect([...body.querySelectorAll('h2')].map((h) => h.textContent)).toEqual(['Context', 'Options', 'Decision', 'Status', 'Consequences']));
    await user.keyboard('ADR 7: Postgres{Enter}');
    await waitFor(async () => expect((await list()).map((p) => p.title)).toEqual(['ADR 7: Postgres']));

    // "Save as template" from the page menu: it is offered under "Team templates" next time.
    await user.click(screen.getByRole('button', { name: 'More page actions' }));
    await user.click(screen.getByRole('menuitem', { name: 'Save as template…' }));
    const dialog = screen.getByRole('dialog', { name: 'Save as template' });
    const name = within(dialog).getByLabelText('Name');
    await user.clear(name);
    await user.type(name, 'Our ADR');
    await user.type(within(dialog).getByLabelText('Description (optional)'), 'With our headings');
    await user.click(within(dialog).getByRole('button', { name: 'Save template' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());

    await user.click(screen.getByRole('button', { name: 'Start from a template' }));
    const team = await screen.findByRole('group', { name: 'Team templates' });
    expect(within(team).getByRole('menuitem', { name: 'Our ADR' })).toHaveAccessibleDescription('With our headings');
    await user.click(within(team).getByRole('menuitem', { name: 'Manage team templates…' }));
    const manage = screen.getByRole('dialog', { name: 'Team templates' });
    await user.click(within(manage).getByRole('button', { name: 'Delete template Our ADR' }));
    await user.click(within(manage).getByRole('button', { name: 'Delete “Our ADR”' }));
    await waitFor(async () => expect((await harness.call<{ builtin: boolean }[]>('templates.list')).filter((t) => !t.builtin)).toEqual([]));
  });
});

describe('links, reviews and icons', { timeout: 20_000 }, () => {
  it('lists the pages linking here under "Linked from" and opens them', async () => {
    await start();
    const target = await create('Runbook');
    const from = await create('Incident 12');
    await editAsWindow(harness, from.id, (doc) =>
      writeTemplateContent(
        doc,
        { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'see runbook', marks: [{ type: 'link', attrs: { href: pageLinkHref(target.id) } }] }] }] },
        null,
      ),
    );
    harness.core.services.content.flush();
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByRole('treeitem', { name: 'Runbook' }));
    const linked = await screen.findByRole('region', { name: 'Linked from' });
    await user.click(await within(linked).findByRole('button', { name: /Incident 12/ }));
    await waitFor(() => expect(screen.getByLabelText('Page title')).toHaveValue('Incident 12'));

    // In that page, a click on the link opens the linked page.
    const body = await screen.findByRole('textbox', { name: 'Page body' });
    const link = await waitFor(() => body.querySelector<HTMLAnchorElement>(`a[href="${pageLinkHref(target.id)}"]`)!);
    await user.click(link);
    await waitFor(() => expect(screen.getByLabelText('Page title')).toHaveValue('Runbook'));
  });

  it('badges a stale page, marks it reviewed, and edits owner, interval and icon in Details', async () => {
    const clock = manualClock(Date.now() - 100 * DAY);
    await start({ clock });
    const page = await create('Deploy guide');
    clock.set(Date.now());
    await create('Fresh');
    const user = userEvent.setup();
    render(<App />);

    const row = await screen.findByRole('treeitem', { name: 'Deploy guide' });
    expect(row).toHaveAccessibleDescription('Stale');
    expect(row.querySelector('.kb-badge-stale')).toHaveTextContent('Stale');
    expect(item('Fresh')).not.toHaveAttribute('aria-describedby');
    // "Due for review", mine, lists it.
    const due = await screen.findByRole('list', { name: 'Pages due for review' });
    expect(within(due).getByRole('button', { name: /Deploy guide/ })).toHaveTextContent('10 days overdue');
    await user.click(within(due).getByRole('button', { name: /Deploy guide/ }));

    await screen.findByLabelText('Page title');
    expect(screen.getByTestId('page-reviewed')).toHaveTextContent('Not reviewed yet');
    await user.click(screen.getByRole('button', { name: 'Mark as reviewed' }));
    await waitFor(() => expect(screen.getByTestId('page-reviewed')).toHaveTextContent('Reviewed today by Ada'));
    expect(item('Deploy guide')).not.toHaveAttribute('aria-describedby');
    expect((await list()).find((p) => p.id === page.id)?.verifiedAt).toEqual(expect.any(Number));

    // Details: review interval and owner.
    await user.click(screen.getByRole('button', { name: 'Details' }));
    const details = screen.getByRole('dialog', { name: 'Page details' });
    expect(within(details).getByTestId('review-status')).toHaveTextContent('Reviewed today by Ada · due in 90 days');
    await user.selectOptions(within(details).getByLabelText('Review'), 'Every 30 days');
    await waitFor(async () => expect((await list()).find((p) => p.id === page.id)?.reviewEveryDays).toBe(30));
    await user.selectOptions(within(details).getByLabelText('Review'), 'Never');
    await waitFor(async () => expect((await list()).find((p) => p.id === page.id)?.reviewEveryDays).toBeNull());
    expect(within(details).getByLabelText('Owner')).toHaveDisplayValue('Ada');
    await user.keyboard('{Escape}');
    expect(screen.getByRole('button', { name: 'Details' })).toHaveFocus();

    // Icon: pick one from the grid; the tree shows it.
    await user.click(screen.getByRole('button', { name: 'Add a page icon' }));
    await user.click(within(screen.getByRole('dialog', { name: 'Page icon' })).getByRole('button', { name: 'rocket' }));
    await waitFor(() => expect(item('Deploy guide')).toHaveTextContent('🚀'));
    expect((await list()).find((p) => p.id === page.id)?.icon).toBe('🚀');
  });
});
