/**
 * Editing comments in the comments panel, in jsdom against a real Core: the author edits their
 * own comment or reply in place (Save, Ctrl+Enter), Escape leaves it unchanged, a teammate's
 * comment offers no Edit, and the Core's refusal shows in the panel.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { CommentThread, PageSummary } from '../../../../shared/api/contract';
import { MAX_COMMENT_LENGTH, addCommentThread } from '../../../../shared/model/comments';
import { SPACE_DOC_ID, pageDocId } from '../../../../shared/model/doc-ids';
import { upsertMember } from '../../../../shared/model/space';
import { startRendererHarness } from '../../../../test/support/renderer-harness';
import type { RendererHarness } from '../../../../test/support/renderer-harness';
import { api } from '../../platform';
import { useAppStore } from '../../store';
import { CommentsPanel } from './CommentsPanel';
import { useKbQuery } from './use-kb-data';

const REMOTE = { kind: 'remote' } as const;

let harness: RendererHarness;
let page: PageSummary;

beforeEach(async () => {
  harness = startRendererHarness();
  useAppStore.getState().setProfile(await harness.onboard({ name: 'Ada' }));
  upsertMember(
    harness.core.services.doc(SPACE_DOC_ID),
    { id: 'bo', name: 'Bo Lee', timeZone: 'Asia/Tokyo', workdays: [1, 2, 3, 4, 5], workStart: '09:00', workEnd: '18:00', role: 'writer', joinedAt: 1 },
    REMOTE,
  );
  page = await harness.call<PageSummary>('pages.create', { title: 'Plan' });
});
afterEach(() => harness.dispose());

/** The panel as the page editor hosts it: threads from `comments.list`, again on `comments.changed`. */
function Panel() {
  const threads = useKbQuery(() => api.call('comments.list', { pageId: page.id }), page.id, ['comments.changed']);
  return <CommentsPanel page={page} threads={threads.data} error={threads.error} onChanged={threads.reload} />;
}

const list = () => harness.call<CommentThread[]>('comments.list', { pageId: page.id });
const comment = (body: string) => harness.call<CommentThread>('comments.add', { pageId: page.id, body });

/** A teammate's page-level comment, arriving as the relay delivers it. */
function teammateComment(body: string): CommentThread {
  return addCommentThread(harness.core.services.doc(pageDocId(page.id)), { id: 'bo-thread', replyId: 'bo-reply', body, authorId: 'bo', now: Date.now() }, REMOTE);
}

async function renderPanel() {
  const user = userEvent.setup();
  render(<Panel />);
  const threads = await screen.findByRole('list', { name: 'Comment threads' });
  return { user, threads };
}

describe('editing comments', { timeout: 20_000 }, () => {
  it('the author edits their comment with Save, then a reply with Ctrl+Enter; the Core has the new text and marks it edited', async () => {
    const thread = await comment('Ship on Friday');
    await harness.call('comments.reply', { pageId: page.id, threadId: thread.id, body: 'Or Monday?' });
    const { user, threads } = await renderPanel();
    await within(threads).findByText('Or Monday?');
    expect(within(threads).queryByText('(edited)')).not.toBeInTheDocument();

    await user.click(within(threads).getByRole('button', { name: 'Edit your comment' }));
    const form = within(threads).getByRole('form', { name: 'Edit your comment' });
    const box = within(form).getByRole('textbox', { name: 'Your comment' });
    expect(box).toHaveValue('Ship on Friday');
    expect(box).toHaveFocus();
    await user.clear(box);
    await user.type(box, 'Ship on Thursday, @Bo');
    await user.keyboard('{Enter}'); // picks "Bo Lee" from the suggestions
    await user.click(within(form).getByRole('button', { name: 'Save' }));

    await waitFor(async () => expect((await list())[0].replies[0]).toMatchObject({ body: 'Ship on Thursday, @Bo Lee', mentions: ['bo'], editedAt: expect.any(Number) }));
    await waitFor(() => expect(within(threads).queryByRole('form', { name: 'Edit your comment' })).not.toBeInTheDocument());
    expect(await within(threads).findByText('@Bo Lee')).toHaveClass('kb-mention-chip');
    expect(within(threads).getByRole('button', { name: 'Edit your comment' })).toHaveFocus();
    expect(await within(threads).findByText('(edited)')).toHaveAttribute('title', expect.stringMatching(/^Edited /));

    // The reply, from the keyboard alone: Enter on Edit, Ctrl+Enter saves.
    within(threads).getByRole('button', { name: 'Edit your reply' }).focus();
    await user.keyboard('{Enter}');
    const replyBox = within(threads).getByRole('textbox', { name: 'Your reply' });
    expect(replyBox).toHaveFocus();
    await user.keyboard(' Tuesday works too.');
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(async () => expect((await list())[0].replies[1].body).toBe('Or Monday? Tuesday works too.'));
    expect(await within(threads).findByText('Or Monday? Tuesday works too.')).toBeInTheDocument();
    expect((await list())[0].replies[1].editedAt).toEqual(expect.any(Number));
  });

  it('a teammate’s comment offers no Edit; my reply to it does', async () => {
    const theirs = teammateComment('Can someone review this?');
    await harness.call('comments.reply', { pageId: page.id, threadId: theirs.id, body: 'On it' });
    const { threads } = await renderPanel();
    await within(threads).findByText('On it');
    expect(within(threads).getByText('Bo Lee')).toBeInTheDocument();
    expect(within(threads).queryByRole('button', { name: 'Edit your comment' })).not.toBeInTheDocument();
    expect(within(threads).getAllByRole('button', { name: /^Edit/ })).toHaveLength(1);
    expect(within(threads).getByRole('button', { name: 'Edit your reply' })).toBeInTheDocument();
  });

  it('Escape (and Cancel) leave the comment as it was, with nothing sent to the Core', async () => {
    await comment('Ship on Friday');
    const { user, threads } = await renderPanel();
    await within(threads).findByText('Ship on Friday');
    const before = await list();

    const edit = within(threads).getByRole('button', { name: 'Edit your comment' });
    await user.click(edit);
    const box = within(threads).getByRole('textbox', { name: 'Your comment' });
    await user.type(box, ' — no, Monday');
    await user.keyboard('{Escape}');
    expect(within(threads).queryByRole('textbox', { name: 'Your comment' })).not.toBeInTheDocument();
    expect(within(threads).getByText('Ship on Friday')).toBeInTheDocument();
    expect(within(threads).getByRole('button', { name: 'Edit your comment' })).toHaveFocus();

    // Opening again starts from the saved text; Cancel discards too.
    await user.click(within(threads).getByRole('button', { name: 'Edit your comment' }));
    expect(within(threads).getByRole('textbox', { name: 'Your comment' })).toHaveValue('Ship on Friday');
    await user.type(within(threads).getByRole('textbox', { name: 'Your comment' }), '!');
    await user.click(within(threads).getByRole('button', { name: 'Cancel' }));
    expect(within(threads).getByText('Ship on Friday')).toBeInTheDocument();

    expect(await list()).toEqual(before);
    expect(before[0].replies[0].editedAt).toBeNull();
    expect(within(threads).queryByText('(edited)')).not.toBeInTheDocument();
  });

  it('shows the Core’s refusal in the edit box and keeps the text', async () => {
    await comment('Ship on Friday');
    const { user, threads } = await renderPanel();
    await user.click(await within(threads).findByRole('button', { name: 'Edit your comment' }));
    const box = within(threads).getByRole('textbox', { name: 'Your comment' });
    const tooLong = 'x'.repeat(MAX_COMMENT_LENGTH + 1);
    await user.clear(box);
    await user.click(box);
    await user.paste(tooLong);
    await user.click(within(threads).getByRole('button', { name: 'Save' }));

    expect(await within(threads).findByRole('alert')).toHaveTextContent(`${MAX_COMMENT_LENGTH}`);
    expect(box).toHaveValue(tooLong);
    expect((await list())[0].replies[0]).toMatchObject({ body: 'Ship on Friday', editedAt: null });
  });
});
