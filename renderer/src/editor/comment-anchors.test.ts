/**
 * Comment offsets in the editor agree with the Core's page text (`readPageText`): the same
 * content read as a ProseMirror doc and as a Yjs fragment gives the same text, and offsets map
 * to positions and back.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { anchorForRange, resolveAnchor } from '../../../shared/model/comments';
import { readPageText } from '../../../shared/model/page';
import type { ContentNode } from '../../../shared/model/templates';
import { writeTemplateContent } from '../../../shared/model/templates';
import { pageSchema } from '../../../shared/model/templates-schema';
import { pageTextOf, positionAt, rangeToPositions, textOffsetAt } from './comment-anchors';

const t = (text: string): ContentNode => ({ type: 'text', text });
const p = (...content: ContentNode[]): ContentNode => ({ type: 'paragraph', content });
const CONTENT: ContentNode = {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 2 }, content: [t('Plan')] },
    p(t('Ship on Friday'), { type: 'hardBreak' }, t('then rest')),
    p(),
    { type: 'bulletList', content: [{ type: 'listItem', content: [p(t('one'))] }, { type: 'listItem', content: [p(t('two'))] }] },
    { type: 'horizontalRule' },
    {
      type: 'table',
      content: [
        { type: 'tableRow', content: [{ type: 'tableHeader', content: [p(t('Who'))] }, { type: 'tableHeader', content: [p(t('When'))] }] },
        { type: 'tableRow', content: [{ type: 'tableCell', content: [p(t('Ada'))] }, { type: 'tableCell', content: [p(t('Mon'))] }] },
      ],
    },
    p(t('The end')),
  ],
};

function both() {
  const pm = pageSchema().nodeFromJSON(CONTENT);
  const doc = new Y.Doc();
  writeTemplateContent(doc, CONTENT, null);
  return { pm, doc };
}

describe('comment anchors in the editor', () => {
  it('reads the same page text as the Core', () => {
    const { pm, doc } = both();
    expect(pageTextOf(pm)).toBe(readPageText(doc));
    expect(pageTextOf(pm)).toBe('Plan\nShip on Friday\nthen rest\n\none\ntwo\nWho\nWhen\nAda\nMon\nThe end');
  });

  it('maps every offset to a position and back', () => {
    const { pm } = both();
    const length = pageTextOf(pm).length;
    for (let offset = 0; offset <= length; offset++) {
      for (const side of ['start', 'end'] as const) {
        const pos = positionAt(pm, offset, side);
        expect(pos, `offset ${offset} ${side}`).not.toBeNull();
        expect(textOffsetAt(pm, pos!), `offset ${offset} ${side}`).toBe(offset);
      }
    }
    expect(positionAt(pm, length + 1, 'start')).toBeNull();
  });

  it('turns a Core anchor into the document range of the same text', () => {
    const { pm, doc } = both();
    const text = readPageText(doc);
    for (const word of ['Friday', 'then rest', 'two', 'When', 'The end', 'Friday\nthen']) {
      const from = text.indexOf(word);
      const anchor = anchorForRange(doc, from, from + word.length)!;
      const range = resolveAnchor(doc, anchor)!;
      const at = rangeToPositions(pm, range)!;
      expect(pm.textBetween(at.from, at.to, '\n', (n) => (n.type.name === 'hardBreak' ? '\n' : ''))).toBe(word);
    }
  });
});
