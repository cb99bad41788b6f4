/**
 * The command palette against a real Core: Ctrl/⌘+K opens it (not inside the editor, where it
 * is the link form; Ctrl/⌘+Shift+K works there), search.query results show their matched words
 * as <mark>, the keyboard moves and opens, actions navigate, Escape closes and gives focus back.
 */
import '../../../../test/support/prosemirror-jsdom';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { PageSummary } from '../../../../shared/api/contract';
import { appendParagraph } from '../../../../shared/model/page';
import { editAsWindow } from '../../../../test/support/page-editing';
import { startRendererHarness } from '../../../../test/support/renderer-harness';
import type { RendererHarness } from '../../../../test/support/renderer-harness';
import { App } from '../App';
import { useAppStore } from '../../store';

// Whole user journeys against a real Core: slower than 5 s when the suite runs in parallel.
describe('command palette', { timeout: 20_000 }, () => {
  let harness: RendererHarness;
  beforeEach(async () => {
    harness = startRendererHarness({ searchDebounceMs: 0 });
    await harness.onboard({ name: 'Ada' });
  });
  afterEach(() => harness.dispose());

  const palette = () => screen.getByRole('dialog', { name: 'Search and commands' });

  it('finds update-log entries too, and opens one in the Updates feed', async () => {
    await harness.call('log.post', { kind: 'update', body: 'We move the release train to Thursdays.' });
    const user = userEvent.setup();
    render(<App />);
    (await screen.findByRole('heading', { level: 1, name: 'Today' })).focus();
    await user.keyboard('{Control>}k{/Control}');
    await user.type(within(palette()).getByRole('combobox', { name: 'Search pages or type a command' }), 'thursd');
    const updates = await within(palette()).findByRole('group', { name: 'Updates' });
    const option = within(updates).getByRole('option');
    expect(option).toHaveAccessibleName(/^Update: We move the release train/);
    expect([...option.querySelectorAll('mark')].map((m) => m.textContent?.toLowerCase())).toContain('thursd');
    await user.click(option);
    await waitFor(() => expect(useAppStore.getState().view).toBe('updates'));
    expect(useAppStore.getState().focusEntryId).toEqual(expect.any(String));
  });

  it('finds pages as you type, marks the matched words, and opens one with the keyboard', async () => {
    const deploy = await harness.call<PageSummary>('pages.create', { title: 'Deploy checklist' });
    await editAsWindow(harness, deploy.id, (doc) => appendParagraph(doc, 'We deploy on Tuesday after the standup.'));
    await harness.call<PageSummary>('pages.create', { title: 'Tuesday retro' });
    const user = userEvent.setup();
    render(<App />);
    const today = await screen.findByRole('heading', { level: 1, name: 'Today' });
    today.focus();

    await user.keyboard('{Control>}k{/Control}');
    const input = within(palette()).getByRole('combobox', { name: 'Search pages or type a command' });
    expect(input).toHaveFocus();
    expect(palette()).toHaveAttribute('aria-modal', 'true');
    // Nothing typed: recent pages and the actions.
    expect(within(palette()).getByRole('option', { name: /Tuesday retro/ })).toBeInTheDocument();
    expect(within(palette()).getByRole('option', { name: /Go to Team/ })).toBeInTheDocument();

    await user.type(input, 'tuesd');
    const results = await within(palette()).findByRole('group', { name: 'Pages' });
    await waitFor(() => expect(within(results).getAllByRole('option')).toHaveLength(2));
    const deployOption = within(results).getByRole('option', { name: /Deploy checklist/ });
    // The snippet's hit is a <mark>, the rest plain text (never HTML).
    expect([...deployOption.querySelectorAll('mark')].map((m) => m.textContent)).toContain('Tuesday');
    expect(deployOption).toHaveTextContent('We deploy on Tuesday after the standup.');
    const retro = within(results).getByRole('option', { name: /Tuesday retro/ });
    expect(retro.querySelector('.palette-option-title mark')).toHaveTextContent('Tuesday');

    // Arrow keys move the active option (aria-activedescendant), Enter opens it.
    const first = within(results).getAllByRole('option')[0];
    expect(first).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{ArrowDown}');
    const second = within(results).getAllByRole('option')[1];
    expect(second).toHaveAttribute('aria-selected', 'true');
    expect(input).toHaveAttribute('aria-activedescendant', second.id);
    await user.keyboard('{ArrowUp}');
    const target = first.textContent?.includes('Deploy') ? 'Deploy checklist' : 'Tuesday retro';
    await user.keyboard('{Enter}');
    expect(screen.queryByRole('dialog', { name: 'Search and commands' })).not.toBeInTheDocument();
    expect(useAppStore.getState().view).toBe('knowledge');
    await waitFor(() => expect(screen.getByLabelText('Page title')).toHaveValue(target));
  });

  it('runs actions, traps Tab, and Escape closes with focus back where it was', async () => {
    const user = userEvent.setup();
    render(<App />);
    const today = await screen.findByRole('heading', { level: 1, name: 'Today' });
    today.focus();
    await user.keyboard('{Control>}k{/Control}');
    const input = within(palette()).getByRole('combobox');
    await user.tab();
    expect(input).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog', { name: 'Search and commands' })).not.toBeInTheDocument();
    expect(today).toHaveFocus();

    await user.keyboard('{Control>}k{/Control}');
    await user.type(within(palette()).getByRole('combobox'), 'go to team');
    expect(within(palette()).getAllByRole('option').map((o) => o.textContent)).toEqual([expect.stringContaining('Go to Team')]);
    await user.keyboard('{Enter}');
    expect(useAppStore.getState().view).toBe('team');

    await user.keyboard('{Control>}k{/Control}');
    await user.type(within(palette()).getByRole('combobox'), 'new page');
    await user.keyboard('{Enter}');
    await waitFor(async () => expect((await harness.call<PageSummary[]>('pages.list')).map((p) => p.title)).toEqual(['Untitled']));
    expect(useAppStore.getState().view).toBe('knowledge');
    await waitFor(() => expect(screen.getByLabelText('Page title')).toHaveFocus());
  });

  it('in the editor Ctrl+K stays the link form; Ctrl+Shift+K opens the palette there', async () => {
    await harness.call<PageSummary>('pages.create', { title: 'Notes' });
    useAppStore.getState().navigate('knowledge');
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByRole('treeitem', { name: 'Notes' }));
    const body = await screen.findByRole('textbox', { name: 'Page body' });
    await user.click(body);
    await user.keyboard('{Control>}k{/Control}');
    expect(await screen.findByRole('form', { name: 'Link' })).toBeInTheDocument();
    expect(screen.queryByRole('dialog', { name: 'Search and commands' })).not.toBeInTheDocument();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(body).toHaveFocus());
    // With Shift held, browsers report the key as "K".
    await user.keyboard('{Control>}{Shift>}K{/Shift}{/Control}');
    expect(within(palette()).getByRole('combobox')).toHaveFocus();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(body).toHaveFocus());
  });
});
