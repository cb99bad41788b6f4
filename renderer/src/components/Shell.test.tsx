import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { startRendererHarness } from '../../../test/support/renderer-harness';
import type { RendererHarness } from '../../../test/support/renderer-harness';
import { App } from './App';

describe('app shell navigation', () => {
  let harness: RendererHarness;
  beforeEach(async () => {
    harness = startRendererHarness();
    await harness.onboard({ name: 'Ada', timeZone: 'Asia/Tokyo', spaceName: 'Night shift' });
  });
  afterEach(() => harness.dispose());

  const navItems = () => within(screen.getByRole('navigation', { name: 'Main' })).getAllByRole('button');

  it('lists the five views as buttons and marks the active one', async () => {
    render(<App />);
    await screen.findByRole('navigation', { name: 'Main' });
    expect(navItems().map((b) => b.textContent)).toEqual(['Today', 'Updates', 'Knowledge base', 'Team', 'Settings']);
    for (const item of navItems()) expect(item).toHaveAttribute('type', 'button');
    expect(screen.getByRole('button', { name: 'Today' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getByRole('heading', { level: 1, name: 'Today' })).toBeInTheDocument();
  });

  it('switches views by click, moves focus to the heading, and updates aria-current', async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByRole('button', { name: 'Updates' }));
    expect(screen.getByRole('heading', { level: 1, name: 'Updates' })).toHaveFocus();
    expect(screen.getByRole('button', { name: 'Updates' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getByRole('button', { name: 'Today' })).not.toHaveAttribute('aria-current');
    expect(await screen.findByText(/No updates yet/)).toBeInTheDocument();
  });

  it('is keyboard operable and has Ctrl+1…5 shortcuts', async () => {
    const user = userEvent.setup();
    render(<App />);
    await screen.findByRole('navigation', { name: 'Main' });
    await user.tab();
    expect(screen.getByRole('button', { name: 'Today' })).toHaveFocus();
    await user.tab();
    await user.tab();
    expect(screen.getByRole('button', { name: 'Knowledge base' })).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(screen.getByRole('heading', { level: 1, name: 'Knowledge base' })).toBeInTheDocument();

    await user.keyboard('{Control>}4{/Control}');
    expect(screen.getByRole('heading', { level: 1, name: 'Team' })).toBeInTheDocument();
    await user.keyboard('{Control>}5{/Control}');
    expect(screen.getByRole('heading', { level: 1, name: 'Settings' })).toBeInTheDocument();
    await user.keyboard('{Meta>}1{/Meta}');
    expect(screen.getByRole('heading', { level: 1, name: 'Today' })).toBeInTheDocument();
  });

  it('Team lists members from the Core with their local time and hours', async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByRole('button', { name: 'Team' }));
    const row = (await screen.findByRole('rowheader', { name: /Ada/ })).closest('tr')!;
    expect(within(row).getByText('Mon–Fri, 09:00–17:00')).toBeInTheDocument();
    expect(within(row).getByText(/Asia\/Tokyo/)).toBeInTheDocument();
    expect(within(row).getByText(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d\d:\d\d$/)).toBeInTheDocument();
  });

  it('Settings shows app info and saves profile edits through the Core', async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByRole('button', { name: 'Settings' }));
    expect(await screen.findByTestId('app-data-dir')).toHaveTextContent(harness.dataDir);
    expect(screen.getByTestId('app-shell')).toHaveTextContent('Web');

    const name = screen.getByLabelText('Your name');
    expect(name).toHaveValue('Ada');
    await user.clear(name);
    await user.type(name, 'Ada L.');
    await user.click(within(screen.getByRole('group', { name: 'Workdays' })).getByLabelText('Fri'));
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Profile saved.')).toBeInTheDocument();

    const stored = await harness.bridge.invoke('profile.get');
    expect(stored).toMatchObject({ ok: true, value: { member: { name: 'Ada L.', workdays: [1, 2, 3, 4] } } });
    expect(screen.getByText('Ada L.', { selector: 'strong' })).toBeInTheDocument();
  });

  it('Settings validates before saving', async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByRole('button', { name: 'Settings' }));
    await user.clear(screen.getByLabelText('Your name'));
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(screen.getByText('Enter your name.')).toBeInTheDocument();
    expect(await harness.bridge.invoke('profile.get')).toMatchObject({ value: { member: { name: 'Ada' } } });
  });

  it('shows API errors to the user', async () => {
    render(<App />);
    await screen.findByRole('navigation', { name: 'Main' });
    // A rename of a page that does not exist: the Core answers not_found, the UI says so.
    const { reportError } = await import('../use-report-error');
    const { api } = await import('../platform');
    await act(async () => {
      await api.call('pages.rename', { id: 'missing', title: 'x' }).catch((error) => reportError(error, 'Could not rename the page'));
    });
    expect(screen.getByRole('alert')).toHaveTextContent('Could not rename the page: No page with id missing');
  });
});
