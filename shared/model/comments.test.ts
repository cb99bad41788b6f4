import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendParagraph, insertTextAt, pageContent, readPageText } from './page';
import { addCommentThread, anchorForRange, editComment, openThreadCount, readThreads, replyToThread, resolveAnchor, resolveThread, textMap } from './comments';
import { writeTemplateContent } from './templates';
import { PageError } from './tree-errors';

function sync(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)), { kind: 'remote' });
}

/** Deletes page-text [from, to) when it lies within one XmlText run. */
function deleteText(doc: Y.Doc, from: number, to: number): void {
  for (const block of textMap(doc).blocks) {
    for (const run of block.inlines) {
      if (run.node instanceof Y.XmlText && from >= run.start && to <= run.start + run.length) {
        run.node.delete(from - run.start, to - from);
        return;
      }
    }
  }
  throw new Error('range spans runs');
}

const rich = {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Release' }] },
    { type: 'paragraph', content: [{ type: 'text', text: 'Ship ' }, { type: 'text', text: 'on Tuesday', marks: [{ type: 'bold' }] }, { type: 'text', text: '.' }] },
    { type: 'paragraph' },
    {
      type: 'bulletList',
      content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'freeze' }] }] }],
    },
    { type: 'paragraph', content: [{ type: 'text', text: 'line' }, { type: 'hardBreak' }, { type: 'text', text: 'break' }] },
    { type: 'horizontalRule' },
    { type: 'codeBlock', content: [{ type: 'text', text: 'npm test' }] },
  ],
};

describe('comment anchors', () => {
  it('walk the content exactly as readPageText does', () => {
    const doc = new Y.Doc();
    writeTemplateContent(doc, rich, null);
    expect(textMap(doc).text).toBe(readPageText(doc));
    expect(readPageText(doc)).toBe('Release\nShip on Tuesday.\n\nfreeze\nline\nbreak\nnpm test');
  });

  it('round-trip every range of a rich page', () => {
    const doc = new Y.Doc();
    writeTemplateContent(doc, rich, null);
    const text = readPageText(doc);
    for (let from = 0; from < text.length; from++) {
      for (let to = from + 1; to <= text.length; to++) {
        const anchor = anchorForRange(doc, from, to)!;
        expect(anchor.quote).toBe(text.slice(from, to));
        expect(resolveAnchor(doc, anchor), `${from}-${to}`).toEqual({ from, to });
      }
    }
  });

  it('survive concurrent inserts before, inside and after the anchored text', () => {
    const a = new Y.Doc();
    appendParagraph(a, 'Intro line\nDeploys freeze on Fridays\nOutro');
    const b = new Y.Doc();
    sync(a, b);
    const text = readPageText(a);
    const from = text.indexOf('freeze');
    const thread = addCommentThread(a, { id: 't', replyId: 'r', body: 'Since when?', range: { from, to: from + 'freeze'.length }, authorId: 'ana', now: 1 }, null);
    expect(thread).toMatchObject({ quote: 'freeze', anchor: { from, to: from + 6 }, anchored: true });

    // Meanwhile B (which has not seen the comment) types before the anchor on two lines.
    insertTextAt(b, 0, '>> ');
    insertTextAt(b, readPageText(b).indexOf('freeze'), 'all ');
    insertTextAt(b, readPageText(b).indexOf('freeze') + 'freeze'.length, ' changes');
    sync(a, b);
    sync(b, a);
    for (const doc of [a, b]) {
      const [t] = readThreads(doc);
      expect(readPageText(doc)).toBe('>> Intro line\nDeploys all freeze changes on Fridays\nOutro');
      expect(readPageText(doc).slice(t.anchor!.from, t.anchor!.to)).toBe('freeze');
    }
    // Typing inside the range grows it.
    insertTextAt(a, readPageText(a).indexOf('freeze') + 3, 'ZE');
    const [t] = readThreads(a);
    expect(readPageText(a).slice(t.anchor!.from, t.anchor!.to)).toBe('freZEeze');
  });

  it('resolve to null when the anchored text is deleted, keeping the quote', () => {
    const doc = new Y.Doc();
    appendParagraph(doc, 'keep this\ndrop that');
    const text = readPageText(doc);
    const from = text.indexOf('that');
    addCommentThread(doc, { id: 't', replyId: 'r', body: 'hm', range: { from, to: from + 4 }, authorId: 'a', now: 1 }, null);
    deleteText(doc, from, from + 4);
    expect(readThreads(doc)[0]).toMatchObject({ anchor: null, anchored: true, quote: 'that' });
    // Whole paragraph gone.
    const doc2 = new Y.Doc();
    appendParagraph(doc2, 'keep this\ndrop that');
    addCommentThread(doc2, { id: 't', replyId: 'r', body: 'hm', range: { from: 10, to: 14 }, authorId: 'a', now: 1 }, null);
    pageContent(doc2).delete(1, 1);
    expect(readThreads(doc2)[0].anchor).toBeNull();
  });

  it('property: random concurrent edits elsewhere never move the anchor off its text', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.nat(200), fc.constantFrom('x', 'yy', 'zzz')), { maxLength: 20 }),
        (edits) => {
          const a = new Y.Doc();
          appendParagraph(a, 'alpha beta\ngamma TARGET delta\nepsilon');
          const b = new Y.Doc();
          sync(a, b);
          const from = readPageText(a).indexOf('TARGET');
          addCommentThread(a, { id: 't', replyId: 'r', body: 'c', range: { from, to: from + 6 }, authorId: 'a', now: 1 }, null);
          for (const [onA, at, text] of edits) {
            const doc = onA ? a : b;
            const current = readPageText(doc);
            // Insert anywhere except strictly inside TARGET.
            let index = at % (current.length + 1);
            const t = current.indexOf('TARGET');
            if (t >= 0 && index > t && index < t + 6) index = t;
            insertTextAt(doc, index, text);
          }
          sync(a, b);
          sync(b, a);
          for (const doc of [a, b]) {
            const [thread] = readThreads(doc);
            expect(readPageText(doc).slice(thread.anchor!.from, thread.anchor!.to)).toBe('TARGET');
          }
        },
      ),
      { seed: 7, numRuns: 150 },
    );
  });
});

describe('comment threads', () => {
  it('page-level threads, replies, edits, resolve and reopen', () => {
    const doc = new Y.Doc();
    const opened = addCommentThread(doc, { id: 't1', replyId: 'r1', body: '  Is this current? ', mentions: ['ben', 'ben'], authorId: 'ana', now: 1 }, null);
    expect(opened).toMatchObject({ anchor: null, anchored: false, position: null, quote: '', resolved: false });
    expect(opened.replies).toEqual([{ id: 'r1', authorId: 'ana', body: 'Is this current?', mentions: ['ben'], createdAt: 1, editedAt: null }]);
    replyToThread(doc, { threadId: 't1', id: 'r2', body: 'Yes', authorId: 'ben', now: 2 }, null);
    expect(() => editComment(doc, { threadId: 't1', replyId: 'r2', body: 'No', by: 'ana', now: 3 }, null)).toThrow(PageError);
    editComment(doc, { threadId: 't1', replyId: 'r2', body: 'Yes, checked', by: 'ben', now: 3 }, null);
    addCommentThread(doc, { id: 't2', replyId: 'r3', body: 'Another', authorId: 'ben', now: 4 }, null);
    expect(openThreadCount(doc)).toBe(2);
    const resolved = resolveThread(doc, { threadId: 't1', resolved: true, by: 'ana', now: 5 }, null);
    expect(resolved).toMatchObject({ resolved: true, resolvedBy: 'ana', resolvedAt: 5 });
    expect(resolved.replies[1]).toMatchObject({ body: 'Yes, checked', editedAt: 3 });
    expect(openThreadCount(doc)).toBe(1);
    expect(resolveThread(doc, { threadId: 't1', resolved: false, by: 'ben', now: 6 }, null)).toMatchObject({ resolved: false, resolvedBy: null });
    expect(readThreads(doc).map((t) => t.id)).toEqual(['t1', 't2']);
  });

  it('refuses empty comments, unknown threads and ranges outside the text', () => {
    const doc = new Y.Doc();
    appendParagraph(doc, 'short');
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return (error as PageError).code;
      }
    };
    expect(code(() => addCommentThread(doc, { id: 't', replyId: 'r', body: '  ', authorId: 'a', now: 1 }, null))).toBe('invalid');
    expect(code(() => addCommentThread(doc, { id: 't', replyId: 'r', body: 'x', range: { from: 2, to: 99 }, authorId: 'a', now: 1 }, null))).toBe('invalid');
    expect(code(() => replyToThread(doc, { threadId: 'nope', id: 'r', body: 'x', authorId: 'a', now: 1 }, null))).toBe('not_found');
  });
});
