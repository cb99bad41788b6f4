/**
 * Comments in the editor: page-text offsets ↔ ProseMirror positions, highlights of comment
 * anchors, and the "comment on the selection" shortcut.
 *
 * Offsets are indexes into the page's plain text as the Core reads it (`readPageText`,
 * shared/model/comments.ts `textMap`): textblocks joined by '\n', a hard break is '\n', other
 * inline atoms are nothing. In ProseMirror that is `doc.textBetween(0, pos, '\n', leafText)`,
 * and `positionAt` walks the document by the same rule to go back.
 *
 * Highlights are inline decorations set with a meta transaction (never a document change, so
 * nothing syncs) and mapped through later edits — local or remote — until they are set again.
 */
import { Extension } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import type { EditorState } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import type { EditorView } from '@tiptap/pm/view';

/** What an inline leaf contributes to the page text: a hard break is a line break. */
export function leafText(node: PMNode): string {
  return node.type.name === 'hardBreak' ? '\n' : '';
}

/** The page-text offset of a document position. */
export function textOffsetAt(doc: PMNode, pos: number): number {
  return doc.textBetween(0, Math.max(0, Math.min(pos, doc.content.size)), '\n', leafText).length;
}

/** The page text of the whole document (equal to `readPageText` of its Yjs copy). */
export function pageTextOf(doc: PMNode): string {
  return doc.textBetween(0, doc.content.size, '\n', leafText);
}

/**
 * The document position of a page-text offset, or null past the end. `side` decides at a
 * boundary between two runs: 'start' gives the position before the next character (the start
 * of a range), 'end' the position after the previous one (the end of a range).
 */
export function positionAt(doc: PMNode, offset: number, side: 'start' | 'end'): number | null {
  if (offset < 0) return null;
  let text = 0;
  let first = true;
  let found: number | null = null;
  /** The end of the previous textblock's content. */
  let lastEnd = 0;
  doc.descendants((node, pos) => {
    if (found !== null) return false;
    if (node.isTextblock) {
      if (!first) {
        // The offset of the '\n' between two blocks: the end of the previous one.
        if (offset === text) {
          found = lastEnd;
          return false;
        }
        text += 1;
      }
      first = false;
      lastEnd = pos + node.nodeSize - 1;
      if (offset === text && (side === 'start' || node.content.size === 0)) {
        found = pos + 1;
        return false;
      }
      return true;
    }
    if (node.isText) {
      const length = node.text?.length ?? 0;
      if (side === 'start' ? offset < text + length : offset <= text + length) {
        found = pos + (offset - text);
        return false;
      }
      text += length;
      return false;
    }
    if (node.isInline && node.isLeaf) {
      const length = leafText(node).length;
      if (length > 0 && (side === 'start' ? offset < text + length : offset <= text + length)) {
        found = side === 'start' ? pos : pos + node.nodeSize;
        return false;
      }
      text += length;
      return false;
    }
    return true;
  });
  // The very end of the text: the end of the last textblock.
  if (found === null && offset === text && !first) found = lastEnd;
  return found;
}

/** A text range of the page as a document range, or null when it no longer fits the document. */
export function rangeToPositions(doc: PMNode, range: { from: number; to: number }): { from: number; to: number } | null {
  const from = positionAt(doc, range.from, 'start');
  const to = positionAt(doc, range.to, 'end');
  return from !== null && to !== null && to > from ? { from, to } : null;
}

export type HighlightKind = 'thread' | 'active' | 'draft';

export interface CommentHighlight {
  /** The thread id ('draft' for a comment being written). */
  id: string;
  from: number;
  to: number;
  kind: HighlightKind;
}

export const commentHighlightsKey = new PluginKey<DecorationSet>('commentHighlights');

function decorate(state: { doc: PMNode }, ranges: readonly CommentHighlight[]): DecorationSet {
  const size = state.doc.content.size;
  const decorations = ranges
    .filter((r) => r.from >= 0 && r.to <= size && r.to > r.from)
    .map((r) =>
      Decoration.inline(r.from, r.to, {
        class: `comment-anchor comment-anchor-${r.kind}`,
        'data-thread-id': r.id,
      }),
    );
  return DecorationSet.create(state.doc, decorations);
}

/** Replaces the highlighted comment anchors (document positions). */
export function setCommentHighlights(view: EditorView, ranges: readonly CommentHighlight[]): void {
  view.dispatch(view.state.tr.setMeta(commentHighlightsKey, ranges).setMeta('addToHistory', false));
}

export function commentHighlightsOf(state: EditorState): DecorationSet | undefined {
  return commentHighlightsKey.getState(state);
}

export interface CommentAnchorsOptions {
  /** Mod-Alt-M: comment on the selection. Return false to let the key through. */
  onCommentShortcut: () => boolean;
}

/** The highlight plugin and the comment shortcut. */
export const CommentAnchors = Extension.create<CommentAnchorsOptions>({
  name: 'commentAnchors',
  addOptions() {
    return { onCommentShortcut: () => false };
  },
  addKeyboardShortcuts() {
    return { 'Mod-Alt-m': () => this.options.onCommentShortcut() };
  },
  addProseMirrorPlugins() {
    return [
      new Plugin<DecorationSet>({
        key: commentHighlightsKey,
        state: {
          init: () => DecorationSet.empty,
          apply: (tr, set) => {
            const ranges = tr.getMeta(commentHighlightsKey) as CommentHighlight[] | undefined;
            if (ranges) return decorate(tr, ranges);
            return tr.docChanged ? set.map(tr.mapping, tr.doc) : set;
          },
        },
        props: {
          decorations: (state) => commentHighlightsKey.getState(state),
        },
      }),
    ];
  },
});
