import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { detectTimeZone } from '../../../shared/time';
import { startRendererHarness } from '../../../test/support/renderer-harness';
import type { RendererHarness } from '../../../test/support/renderer-harness';
import { App } from './App';

describe('first-run onboarding', () => {
  let harness: RendererHarness;
  beforeEach(() => {
    harness = startRendererHarness();
  });
  afterEach(() => harness.dispose());

  it('shows defaults: detected zone, Mon–Fri, 09:00–17:00', async () => {
    render(<App />);
    expect(await screen.findByRole('heading', { name: 'Welcome to Baton' })).toBeInTheDocument();
    expect(screen.getByLabelText('Your name')).toHaveValue('');
    expect(screen.getByLabelText('Time zone')).toHaveValue(detectTimeZone());
    expect(screen.getByLabelText('Work starts')).toHaveValue('09:00');
    expect(screen.getByLabelText('Work ends')).toHaveValue('17:00');
    const days = within(screen.getByRole('group', { name: 'Workdays' }));
    for (const day of ['Mon', 'Tue', 'Wed', 'Thu', 'Fri']) expect(days.getByLabelText(day)).toBeChecked();
    for (const day of ['Sat', 'Sun']) expect(days.getByLabelText(day)).not.toBeChecked();
  });

  it('shows inline errors and does not call setup when the form is invalid', async () => {
    const user = userEvent.setup();
    render(<App />);
    const zone = await screen.findByLabelText('Time zone');
    await user.clear(zone);
    await user.type(zone, 'Mars/Olympus');
    const days = within(screen.getByRole('group', { name: 'Workdays' }));
    for (const day of ['Mon', 'Tue', 'Wed', 'Thu', 'Fri']) await user.click(days.getByLabelText(day));
    await user.click(screen.getByRole('button', { name: 'Get started' }));

    expect(screen.getByText('Enter your name.')).toBeInTheDocument();
    expect(screen.getByLabelText('Your name')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Your name')).toHaveAccessibleDescription('Enter your name.');
    expect(screen.getByText(/Choose a time zone from the list/)).toBeInTheDocument();
    expect(screen.getByText('Choose at least one workday.')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByLabelText('Your name')).toHaveFocus());
    expect(await harness.bridge.invoke('profile.get')).toEqual({ ok: true, value: null });

    // Errors follow corrections.
    await user.type(screen.getByLabelText('Your name'), 'Ada');
    expect(screen.queryByText('Enter your name.')).not.toBeInTheDocument();
  });

  it('rejects a workday that ends when it starts', async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.type(await screen.findByLabelText('Your name'), 'Ada');
    const end = screen.getByLabelText('Work ends');
    await user.clear(end);
    await user.type(end, '09:00');
    await user.click(screen.getByRole('button', { name: 'Get started' }));
    expect(screen.getByText(/must end at a different time/)).toBeInTheDocument();
  });

  it('creates the profile through the Core and opens the app', async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.type(await screen.findByLabelText('Your name'), '  Grace Hopper ');
    const zone = screen.getByLabelText('Time zone');
    await user.clear(zone);
    await user.type(zone, 'America/New_York');
    await user.click(within(screen.getByRole('group', { name: 'Workdays' })).getByLabelText('Sat'));
    const start = screen.getByLabelText('Work starts');
    await user.clear(start);
    await user.type(start, '08:30');
    await user.type(screen.getByLabelText('Team name'), 'Compilers');
    await user.click(screen.getByRole('button', { name: 'Get started' }));

    expect(await screen.findByRole('navigation', { name: 'Main' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Today' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getByText('Compilers')).toBeInTheDocument();

    const stored = await harness.bridge.invoke('profile.get');
    expect(stored).toMatchObject({
      ok: true,
      value: {
        member: { name: 'Grace Hopper', timeZone: 'America/New_York', workdays: [1, 2, 3, 4, 5, 6], workStart: '08:30', workEnd: '17:00' },
        settings: { spaceName: 'Compilers' },
      },
    });
  });

  it('skips onboarding when a profile exists', async () => {
    await harness.onboard({ name: 'Ada' });
    render(<App />);
    expect(await screen.findByRole('navigation', { name: 'Main' })).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Welcome to Baton' })).not.toBeInTheDocument();
    expect(screen.getByText('Ada')).toBeInTheDocument();
  });
});
