/**
 * The page editor's schema and behaviour: TipTap extensions bound to the page's Y.XmlFragment.
 *
 * - StarterKit brings the nodes and marks (paragraph, headings 1–3, lists, quote, code block,
 *   rule, bold/italic/code/strike/underline) and the Markdown input rules ("## ", "- ",
 *   "1. ", "> ", "```", "---", "**bold**", "`code`"); TaskItem adds "[ ] ".
 * - Its own history (undoRedo) is off: Collaboration brings a Yjs UndoManager that tracks only
 *   transactions made by this editor (origin ySyncPluginKey), so Ctrl+Z never undoes someone
 *   else's edit, which arrive with origin 'remote'.
 * - TrailingNode is off: it appends a paragraph in reaction to a change, so two people whose
 *   edits leave the page ending in a list would each add one. Gapcursor and the code block's
 *   exit keys give the same way out without writing on their own.
 * - Links never navigate the window: openOnClick is off and clicks on anchors are swallowed;
 *   pages link as `baton://page/<id>`, and a click on one opens that page in the app
 *   (PageEditorBody). Opening external links is a later, explicit action.
 */
import { Extension } from '@tiptap/core';
import type { Extensions } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { Link } from '@tiptap/extension-link';
import { TaskItem, TaskList } from '@tiptap/extension-list';
import { TableKit } from '@tiptap/extension-table';
import { Placeholder } from '@tiptap/extensions';
import StarterKit from '@tiptap/starter-kit';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { PAGE_CONTENT_KEY } from '../../../shared/model/page';
import type { PresenceUser } from '../yjs/doc-awareness';
import { PAGE_LINK_PREFIX } from './links';

export interface PageExtensionsOptions {
  doc: Y.Doc;
  awareness: Awareness;
  user: PresenceUser;
  placeholder?: string;
  /** Mod-K: open the link form. */
  onEditLink?: () => void;
}

/** The caret of another person: a coloured bar with their name above it. */
export function renderCaret(user: Record<string, unknown>): HTMLElement {
  const color = typeof user.color === 'string' ? user.color : 'transparent';
  const name = typeof user.name === 'string' ? user.name : '';
  const caret = document.createElement('span');
  caret.classList.add('collaboration-carets__caret');
  caret.style.borderColor = color;
  caret.setAttribute('aria-hidden', 'true');
  const label = document.createElement('span');
  label.classList.add('collaboration-carets__label');
  label.style.backgroundColor = color;
  label.textContent = name;
  caret.append(label);
  return caret;
}

export function pageExtensions({ doc, awareness, user, placeholder, onEditLink }: PageExtensionsOptions): Extensions {
  return [
    StarterKit.configure({
      undoRedo: false,
      trailingNode: false,
      heading: { levels: [1, 2, 3] },
      link: false,
    }),
    // Not inclusive: typing right after a link is plain text again (Link is inclusive whenever
    // autolink is on; autolink re-links a whole URL as it is typed anyway).
    Link.extend({ inclusive: () => false }).configure({
      openOnClick: false,
      autolink: true,
      linkOnPaste: true,
      defaultProtocol: 'https',
      // Page links are allowed but not registered with linkify (`protocols`): its scheme
      // registry is global, and Link resets it whenever an editor is destroyed, which races
      // with the next page's editor. So typed baton:// text is not auto-linked; page links
      // are made explicitly (link form, later the page picker).
      isAllowedUri: (url, ctx) => ctx.defaultValidate(url) || url.startsWith(PAGE_LINK_PREFIX),
      // No target: a link is never followed by the browser from here.
      HTMLAttributes: { target: null, rel: 'noopener noreferrer nofollow' },
    }),
    TaskList,
    TaskItem.configure({ nested: true }),
    TableKit.configure({ table: { resizable: false } }),
    Placeholder.configure({ placeholder: placeholder ?? 'Write something your team should know…' }),
    Collaboration.configure({ document: doc, field: PAGE_CONTENT_KEY }),
    CollaborationCaret.configure({ provider: { awareness }, user, render: renderCaret }),
    Extension.create({
      name: 'batonShortcuts',
      addKeyboardShortcuts() {
        return {
          'Mod-k': () => {
            onEditLink?.();
            return Boolean(onEditLink);
          },
        };
      },
    }),
  ];
}
