/**
 * The history panel names who made each version, in jsdom against a real Core: this member,
 * a teammate whose edits came through the relay (named by the page's authors map), and edits
 * from a client nobody named (an older app), still shown as "remote edits".
 */
import { afterEach, describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import type { HistoryVersion, PageSummary, Profile } from '../../../../shared/api/contract';
import { SPACE_DOC_ID, newId } from '../../../../shared/model/doc-ids';
import { appendParagraph, insertTextAt, readPageText } from '../../../../shared/model/page';
import { upsertMember } from '../../../../shared/model/space';
import { editAsRemote, editAsTeammate, editAsWindow } from '../../../../test/support/page-editing';
import { startRendererHarness } from '../../../../test/support/renderer-harness';
import type { RendererHarness } from '../../../../test/support/renderer-harness';
import { HistoryPanel, versionAuthors } from './HistoryPanel';

let harness: RendererHarness | null = null;
afterEach(() => {
  harness?.dispose();
  harness = null;
});

const version = (patch: Partial<HistoryVersion>): HistoryVersion => ({ id: 1, pageId: 'p', at: 0, authors: [], remote: false, restoredFrom: null, ...patch });

describe('versionAuthors', () => {
  it('names members, former members, and remote edits nobody named', () => {
    const nameOf = (id: string) => ({ ada: 'Ada', bea: 'Bea' })[id] ?? null;
    expect(versionAuthors(version({ authors: ['bea', 'ada'] }), nameOf)).toBe('Ada, Bea');
    expect(versionAuthors(version({ authors: ['gone', 'bea'], remote: true }), nameOf)).toBe('Bea, a former member, remote edits');
    expect(versionAuthors(version({ authors: ['gone', 'left'] }), nameOf)).toBe('2 former members');
    expect(versionAuthors(version({ remote: true }), nameOf)).toBe('Remote edits');
    expect(versionAuthors(version({}), nameOf)).toBe('No recorded author');
  });
});

describe('history panel', { timeout: 20_000 }, () => {
  it('shows the teammate’s name for edits that came through the relay', async () => {
    const h = (harness = startRendererHarness({ historyTuning: { tickMs: 0 } }));
    const profile: Profile = await h.onboard({ name: 'Ada' });
    const services = h.core.services;
    const bea = newId();
    // Bea joined the team (her member record arrived with the space doc).
    upsertMember(
      services.doc(SPACE_DOC_ID),
      { id: bea, name: 'Bea', timeZone: 'Europe/Lisbon', workdays: [1, 2, 3, 4, 5], workStart: '09:00', workEnd: '17:00', role: 'writer', joinedAt: 0 },
      { kind: 'remote' },
    );
    const page = await h.call<PageSummary>('pages.create', { title: 'Plan' });
    const capture = () => services.history.flushPage(profile.spaceId, page.id);

    editAsTeammate(h, page.id, bea, (doc) => appendParagraph(doc, 'Ship on Friday'));
    capture();
    editAsRemote(h, page.id, (doc) => insertTextAt(doc, readPageText(doc).length, ' (from an older app)'));
    capture();
    await editAsWindow(h, page.id, (doc) => appendParagraph(doc, 'Then rest'));
    editAsTeammate(h, page.id, bea, (doc) => insertTextAt(doc, 0, 'Bea: '));
    capture();

    render(<HistoryPanel page={page} />);
    const list = await screen.findByRole('list', { name: 'Versions' });
    const authors = () => within(list).getAllByRole('button').map((b) => b.querySelector('.kb-version-authors')?.textContent);
    await waitFor(() => expect(authors()).toEqual(['Ada, Bea', 'Remote edits', 'Bea']));
  });
});
