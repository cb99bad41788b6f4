import { useEffect, useImperativeHandle, useRef, useState } from 'react';
import type { Ref } from 'react';
import type { Editor } from '@tiptap/core';
import { PluginKey } from '@tiptap/pm/state';
import { EditorContent, useEditor, useEditorState } from '@tiptap/react';
import { BubbleMenu } from '@tiptap/react/menus';
import type * as Y from 'yjs';
import type { DocAwareness, PresenceUser } from '../yjs/doc-awareness';
import type { CommentHighlight, HighlightKind } from './comment-anchors';
import { CommentAnchors, pageTextOf, rangeToPositions, setCommentHighlights, textOffsetAt } from './comment-anchors';
import { EditorToolbar } from './EditorToolbar';
import { pageExtensions } from './extensions';
import { LinkForm } from './LinkForm';
import { pageIdOfLink } from './links';
import type { PageOption } from './page-link-picker';
import { PageLinkPicker, PagePickerController } from './page-link-picker';
import { PagePicker } from './PagePicker';
import { Glyph } from '../components/palette/PageIcon';

export interface PageEditorBodyHandle {
  /** Puts the caret at the start of the body (after the title's Enter), typing `text` there if given. */
  focus(text?: string): void;
}

/** A selection to comment on, as page-text offsets (see comment-anchors.ts). */
export interface CommentSelection {
  from: number;
  to: number;
  quote: string;
}

/** A comment anchor to highlight, as page-text offsets. */
export interface TextHighlight {
  id: string;
  from: number;
  to: number;
  kind: HighlightKind;
}

interface Props {
  /** The page's mirror doc, already loaded: the editor binds to its 'content' fragment. */
  doc: Y.Doc;
  presence: DocAwareness;
  user: PresenceUser;
  ref?: Ref<PageEditorBodyHandle>;
  /** Pages the `[[` / `@` picker offers (without the open page). */
  listPages?: () => PageOption[];
  /** A click on a `baton://page/<id>` link. */
  onOpenPage?: (pageId: string) => void;
  /** "Comment" on the selection (bubble, bar button or Mod-Alt-M). */
  onComment?: (selection: CommentSelection) => void;
  /** A click on highlighted commented text. */
  onThreadClick?: (threadId: string) => void;
  /** Comment anchors to highlight; the 'active' one is scrolled into view. */
  highlights?: readonly TextHighlight[];
}

/**
 * The rich page body: TipTap bound to the mirror doc through Collaboration (every change is a
 * Yjs update the DocMirror sends to the Core), carets of others from the page's awareness and
 * the formatting toolbar. One instance per open page: it is keyed by the page.
 */
export function PageEditorBody({ doc, presence, user, ref, listPages, onOpenPage, onComment, onThreadClick, highlights }: Props) {
  const [linkFormOpen, setLinkFormOpen] = useState(false);
  // The editor is made once per doc; callbacks reach it through refs so they stay current.
  const callbacks = useRef({ listPages, onOpenPage, onComment, onThreadClick });
  callbacks.current = { listPages, onOpenPage, onComment, onThreadClick };
  const [picker] = useState(() => new PagePickerController());
  const editorRef = useRef<Editor | null>(null);
  const editor = useEditor(
    {
      extensions: [
        ...pageExtensions({ doc, awareness: presence.awareness, user, onEditLink: () => setLinkFormOpen(true) }),
        PageLinkPicker.configure({ controller: picker, listPages: () => callbacks.current.listPages?.() ?? [] }),
        CommentAnchors.configure({
          onCommentShortcut: () => {
            const current = editorRef.current;
            if (!current || !callbacks.current.onComment) return false;
            commentOnSelection(current, callbacks.current.onComment);
            return true;
          },
        }),
      ],
      immediatelyRender: true,
      shouldRerenderOnTransaction: false,
      editorProps: {
        attributes: {
          role: 'textbox',
          'aria-label': 'Page body',
          'aria-multiline': 'true',
          class: 'page-body-content',
          spellcheck: 'true',
        },
        handleDOMEvents: {
          // Never let the browser follow a link from inside the page (openOnClick is off too);
          // this also covers Ctrl/⌘-click and middle click. A page link opens that page here.
          click: (_view, event) => {
            swallowLinkActivation(event);
            return followPageLink(event, callbacks.current.onOpenPage) || openThread(event, callbacks.current.onThreadClick);
          },
          auxclick: (_view, event) => swallowLinkActivation(event),
        },
      },
    },
    [doc, presence],
  );

  editorRef.current = editor;

  useImperativeHandle(
    ref,
    () => ({
      focus: (text) => {
        if (!editor || editor.isDestroyed) return;
        // Focus now, not on the next frame as commands.focus does: keys typed right after the
        // title's Enter must land in the body, not in the title.
        editor.view.focus();
        editor.commands.focus('start');
        if (text) editor.commands.insertContent(text);
      },
    }),
    [editor],
  );

  // Comment anchors: page-text offsets → positions in this document, then decorations.
  useEffect(() => {
    if (!editor || editor.isDestroyed) return;
    const ranges: CommentHighlight[] = [];
    for (const h of highlights ?? []) {
      const at = rangeToPositions(editor.state.doc, h);
      if (at) ranges.push({ id: h.id, kind: h.kind, ...at });
    }
    setCommentHighlights(editor.view, ranges);
    const active = ranges.find((r) => r.kind === 'active');
    if (active) {
      const { node } = editor.view.domAtPos(active.from);
      const element = node instanceof Element ? node : node.parentElement;
      element?.scrollIntoView?.({ block: 'center', behavior: 'smooth' });
    }
  }, [editor, highlights]);

  const hasSelection = useEditorState({ editor, selector: ({ editor: e }) => (e ? !e.state.selection.empty : false) }) ?? false;

  if (!editor) return null;
  const comment = () => {
    if (!onComment) return;
    commentOnSelection(editor, onComment);
    // The composer takes focus; the bubble, kept open by its own mousedown, goes away.
    editor.view.dispatch(editor.state.tr.setMeta(commentBubbleKey, 'hide'));
  };
  return (
    <div className="page-body">
      <div className="page-body-bar">
        <EditorToolbar editor={editor} onEditLink={() => setLinkFormOpen(true)}>
          {linkFormOpen && <LinkForm editor={editor} onClose={() => setLinkFormOpen(false)} />}
        </EditorToolbar>
        {onComment && (
          <button
            type="button"
            className="button page-body-comment"
            disabled={!hasSelection}
            title={`Comment on the selected text (${COMMENT_KEYS})`}
            aria-keyshortcuts={isMac ? 'Meta+Alt+M' : 'Control+Alt+M'}
            onMouseDown={(event) => event.preventDefault()}
            onClick={comment}
          >
            Comment
          </button>
        )}
      </div>
      <EditorContent editor={editor} className="page-body-editor" />
      {onComment && (
        <BubbleMenu
          editor={editor}
          pluginKey={commentBubbleKey}
          className="comment-bubble"
          shouldShow={({ editor: e, view, state }) => !e.isDestroyed && e.isEditable && !state.selection.empty && view.hasFocus() && pageTextOf(state.doc).length > 0}
        >
          <button type="button" className="button comment-bubble-button" tabIndex={-1} onMouseDown={(event) => event.preventDefault()} onClick={comment}>
            <Glyph name="comment" size={14} /> Comment
          </button>
        </BubbleMenu>
      )}
      <PagePicker controller={picker} view={editor.isDestroyed ? null : editor.view} />
    </div>
  );
}

const commentBubbleKey = new PluginKey('commentBubble');

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
const COMMENT_KEYS = isMac ? '⌘⌥M' : 'Ctrl+Alt+M';

/** Hands the selection to `onComment` as page-text offsets, if it covers any text. */
function commentOnSelection(editor: Editor, onComment: (selection: CommentSelection) => void): void {
  const { doc, selection } = editor.state;
  const from = textOffsetAt(doc, selection.from);
  const to = textOffsetAt(doc, selection.to);
  if (to <= from) return;
  onComment({ from, to, quote: pageTextOf(doc).slice(from, to) });
}

/** A click on a page link opens that page (other links are never followed from here). */
function followPageLink(event: MouseEvent, onOpenPage: ((id: string) => void) | undefined): boolean {
  if (!onOpenPage || event.button !== 0) return false;
  const anchor = (event.target as Element | null)?.closest?.('a[href]');
  const pageId = anchor ? pageIdOfLink(anchor.getAttribute('href') ?? '') : null;
  // A drag that selected text inside the link is a selection, not a click.
  if (!pageId || !(window.getSelection()?.isCollapsed ?? true)) return false;
  onOpenPage(pageId);
  return true;
}

function openThread(event: MouseEvent, onThreadClick: ((id: string) => void) | undefined): boolean {
  const id = (event.target as Element | null)?.closest?.('[data-thread-id]')?.getAttribute('data-thread-id');
  if (!onThreadClick || !id || id === 'draft' || !(window.getSelection()?.isCollapsed ?? true)) return false;
  onThreadClick(id);
  return false;
}

function swallowLinkActivation(event: MouseEvent): boolean {
  if ((event.target as Element | null)?.closest?.('a[href]')) event.preventDefault();
  return false;
}
