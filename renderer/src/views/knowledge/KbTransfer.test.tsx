/**
 * Markdown export and import through the real Core's jobs (progress and `job.finished` events),
 * and one page's Markdown as a download.
 */
import '../../../../test/support/prosemirror-jsdom';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { PageSummary } from '../../../../shared/api/contract';
import { appendParagraph } from '../../../../shared/model/page';
import { editAsWindow } from '../../../../test/support/page-editing';
import { startRendererHarness } from '../../../../test/support/renderer-harness';
import type { RendererHarness } from '../../../../test/support/renderer-harness';
import { App } from '../../components/App';
import { useAppStore } from '../../store';

let harness: RendererHarness;
const dirs: string[] = [];
afterEach(() => {
  harness.dispose();
  vi.restoreAllMocks();
  while (dirs.length) fs.rmSync(dirs.pop()!, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-kb-transfer-'));
  dirs.push(dir);
  return dir;
}

describe('Markdown export and import', { timeout: 20_000 }, () => {
  it('exports the knowledge base into a folder and imports a folder of Markdown files', async () => {
    harness = startRendererHarness();
    await harness.onboard({ name: 'Ada' });
    const page = await harness.call<PageSummary>('pages.create', { title: 'Runbook' });
    await editAsWindow(harness, page.id, (doc) => appendParagraph(doc, 'Page the on-call engineer.'));
    useAppStore.getState().navigate('knowledge');
    const user = userEvent.setup();
    render(<App />);
    await screen.findByRole('treeitem', { name: 'Runbook' });

    await user.click(screen.getByRole('button', { name: 'Export or import Markdown…' }));
    const dialog = screen.getByRole('dialog', { name: 'Export or import Markdown' });
    const target = path.join(tempDir(), 'export');
    await user.type(within(dialog).getByLabelText('Export the knowledge base into a folder'), target);
    await user.click(within(dialog).getByRole('button', { name: 'Export' }));
    expect(await within(dialog).findByText(/^Exported 1 page into/)).toBeInTheDocument();
    const files = fs.readdirSync(target).filter((f) => f.endsWith('.md'));
    expect(files).toHaveLength(1);
    expect(fs.readFileSync(path.join(target, files[0]), 'utf8')).toContain('Page the on-call engineer.');

    // A relative path is refused by the Core, shown in the dialog.
    await user.type(within(dialog).getByLabelText('Import a folder of Markdown files'), 'notes');
    await user.click(within(dialog).getByRole('button', { name: 'Import' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(/absolute path/);

    const source = tempDir();
    fs.writeFileSync(path.join(source, 'Deploys.md'), '# Deploys\n\nShip on **Tuesdays**.\n');
    const input = within(dialog).getByLabelText('Import a folder of Markdown files');
    await user.clear(input);
    await user.type(input, source);
    await user.click(within(dialog).getByRole('button', { name: 'Import' }));
    expect(await within(dialog).findByText(/^Imported 1 page/)).toBeInTheDocument();
    await waitFor(async () => expect((await harness.call<PageSummary[]>('pages.list')).map((p) => p.title).sort()).toEqual(['Deploys', 'Runbook']));
    expect(await screen.findByRole('treeitem', { name: 'Deploys' })).toBeInTheDocument();
  });

  it('"Export as Markdown" downloads the page as a .md file', async () => {
    harness = startRendererHarness();
    await harness.onboard({ name: 'Ada' });
    const page = await harness.call<PageSummary>('pages.create', { title: 'Runbook' });
    await editAsWindow(harness, page.id, (doc) => appendParagraph(doc, 'Page the on-call engineer.'));
    useAppStore.getState().navigate('knowledge');
    // jsdom has no object URLs or downloads: record what would be downloaded.
    const blobs: Blob[] = [];
    URL.createObjectURL = vi.fn((blob: Blob) => {
      blobs.push(blob);
      return 'blob:test';
    });
    URL.revokeObjectURL = vi.fn();
    const clicked: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    });
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByRole('treeitem', { name: 'Runbook' }));
    await user.click(await screen.findByRole('button', { name: 'More page actions' }));
    await user.click(screen.getByRole('menuitem', { name: 'Export as Markdown' }));
    await waitFor(() => expect(clicked).toEqual([expect.stringMatching(/Runbook.*\.md$/)]));
    expect(await blobs[0].text()).toContain('Page the on-call engineer.');
  });
});
