/**
 * Page history names teammates: two real Cores (two members) edit one page through a real relay,
 * from a window (`docs.update`) and through the Core's own commands (restore), and each Core's
 * history names the other member for the edits it received (shared/model/authors.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import type { HistoryVersion } from '../../shared/api/contract';
import type { Member as TeamMember } from '../../shared/model/types';
import { pageContent } from '../../shared/model/page';
import { startRelay } from '../../sync-server/relay';
import type { Member } from '../support/team';
import { TEST_SECRET, createPage, editPage, pageText, startTeam, tempDir, typeInto, waitForSynced } from '../support/team';
import { waitFor } from '../support/wait';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function team(): Promise<Member[]> {
  const running = await startRelay({ host: '127.0.0.1', port: 0, dataDir: tempDir('baton-relay-'), secret: TEST_SECRET, limits: { heartbeatMs: 2_000 } });
  cleanups.push(() => running.close());
  const members = await startTeam(`ws://127.0.0.1:${running.port}`, ['Ana', 'Bea']);
  for (const m of members) cleanups.push(() => m.dispose());
  return members;
}

/** Deletes `count` characters of the page's first paragraph at `at`, from a window. */
function deleteFrom(member: Member, pageId: string, at: number, count: number): Promise<void> {
  return editPage(member, pageId, (mirror) => ((pageContent(mirror).get(0) as Y.XmlElement).get(0) as Y.XmlText).delete(at, count));
}

/** Captures the page's pending edits on `member` now and returns its newest version. */
async function newestVersion(member: Member, pageId: string): Promise<HistoryVersion> {
  member.core.services.history.flushPage(member.profile.spaceId, pageId);
  const [newest] = await member.call<HistoryVersion[]>('history.list', { pageId });
  return newest;
}

describe('page history across a team', () => {
  it('names the teammate for edits made in their window and by their Core, deletions included', async () => {
    const [ana, bea] = await team();
    const page = await createPage(ana, 'Release plan');
    await waitFor(() => bea.core.services.pages.list(bea.profile.spaceId).some((p) => p.id === page.id), 'the page to reach Bea');
    const reached = (text: string) => waitFor(() => pageText(ana, page.id) === text && pageText(bea, page.id) === text, `“${text}” on both`, 15_000);

    // Bea types in a window.
    await typeInto(bea, page.id, 'Ship on Tuesday, Bea');
    await reached('Ship on Tuesday, Bea');
    const typed = await newestVersion(bea, page.id);
    expect(typed).toMatchObject({ authors: [bea.profile.memberId], remote: false });
    expect(await newestVersion(ana, page.id)).toMatchObject({ authors: [bea.profile.memberId], remote: false });

    // Bea only deletes: no struct of her window's client, still named.
    await deleteFrom(bea, page.id, 'Ship on Tuesday'.length, ', Bea'.length);
    await reached('Ship on Tuesday');
    expect(await newestVersion(ana, page.id)).toMatchObject({ authors: [bea.profile.memberId], remote: false });

    // Ana types: Bea's history names Ana.
    await typeInto(ana, page.id, ' and Ana');
    await reached('Ship on Tuesday and Ana');
    expect(await newestVersion(ana, page.id)).toMatchObject({ authors: [ana.profile.memberId], remote: false });
    await newestVersion(bea, page.id);
    const beaVersions = await bea.call<HistoryVersion[]>('history.list', { pageId: page.id });
    expect(beaVersions[0]).toMatchObject({ authors: [ana.profile.memberId], remote: false });

    // Bea's Core edits the page itself: restoring her first version.
    await bea.call('history.restore', { pageId: page.id, versionId: typed.id });
    await reached('Ship on Tuesday, Bea');
    expect(await newestVersion(ana, page.id)).toMatchObject({ authors: [bea.profile.memberId], remote: false });

    // Ana knows Bea's name, which is what the history panel shows.
    const members = await ana.call<TeamMember[]>('team.members');
    expect(members.find((m) => m.id === bea.profile.memberId)?.name).toBe('Bea');
    await Promise.all([waitForSynced(ana), waitForSynced(bea)]);
  });
});
