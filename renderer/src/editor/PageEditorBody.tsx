import { useImperativeHandle, useState } from 'react';
import type { Ref } from 'react';
import { EditorContent, useEditor } from '@tiptap/react';
import type * as Y from 'yjs';
import type { DocAwareness, PresenceUser } from '../yjs/doc-awareness';
import { EditorToolbar } from './EditorToolbar';
import { pageExtensions } from './extensions';
import { LinkForm } from './LinkForm';

export interface PageEditorBodyHandle {
  /** Puts the caret in the body (after the title's Enter). */
  focus(): void;
}

interface Props {
  /** The page's mirror doc, already loaded: the editor binds to its 'content' fragment. */
  doc: Y.Doc;
  presence: DocAwareness;
  user: PresenceUser;
  ref?: Ref<PageEditorBodyHandle>;
}

/**
 * The rich page body: TipTap bound to the mirror doc through Collaboration (every change is a
 * Yjs update the DocMirror sends to the Core), carets of others from the page's awareness and
 * the formatting toolbar. One instance per open page: it is keyed by the page.
 */
export function PageEditorBody({ doc, presence, user, ref }: Props) {
  const [linkFormOpen, setLinkFormOpen] = useState(false);
  const editor = useEditor(
    {
      extensions: pageExtensions({ doc, awareness: presence.awareness, user, onEditLink: () => setLinkFormOpen(true) }),
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
          // this also covers Ctrl/⌘-click and middle click.
          click: (_view, event) => swallowLinkActivation(event),
          auxclick: (_view, event) => swallowLinkActivation(event),
        },
      },
    },
    [doc, presence],
  );

  useImperativeHandle(ref, () => ({ focus: () => editor?.commands.focus('start') }), [editor]);

  if (!editor) return null;
  return (
    <div className="page-body">
      <div className="page-body-bar">
        <EditorToolbar editor={editor} onEditLink={() => setLinkFormOpen(true)}>
          {linkFormOpen && <LinkForm editor={editor} onClose={() => setLinkFormOpen(false)} />}
        </EditorToolbar>
      </div>
      <EditorContent editor={editor} className="page-body-editor" />
    </div>
  );
}

function swallowLinkActivation(event: MouseEvent): boolean {
  if ((event.target as Element | null)?.closest?.('a[href]')) event.preventDefault();
  return false;
}
