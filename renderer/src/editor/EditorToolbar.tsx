import { useRef, useState } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import type { Editor } from '@tiptap/core';
import { useEditorState } from '@tiptap/react';
import { ToolbarIcon } from './toolbar-icons';
import type { ToolbarIconName } from './toolbar-icons';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
const MOD = isMac ? '⌘' : 'Ctrl';
const ALT = isMac ? '⌥' : 'Alt';

/** "Bold (Ctrl+B)" / "Bold (⌘B)". */
function withShortcut(label: string, keys?: string[]): string {
  if (!keys) return label;
  return `${label} (${keys.join(isMac ? '' : '+')})`;
}

interface ToolbarState {
  bold: boolean;
  italic: boolean;
  code: boolean;
  h1: boolean;
  h2: boolean;
  h3: boolean;
  bulletList: boolean;
  orderedList: boolean;
  taskList: boolean;
  blockquote: boolean;
  codeBlock: boolean;
  link: boolean;
  inTable: boolean;
  canUndo: boolean;
  canRedo: boolean;
}

function readState(editor: Editor): ToolbarState {
  return {
    bold: editor.isActive('bold'),
    italic: editor.isActive('italic'),
    code: editor.isActive('code'),
    h1: editor.isActive('heading', { level: 1 }),
    h2: editor.isActive('heading', { level: 2 }),
    h3: editor.isActive('heading', { level: 3 }),
    bulletList: editor.isActive('bulletList'),
    orderedList: editor.isActive('orderedList'),
    taskList: editor.isActive('taskList'),
    blockquote: editor.isActive('blockquote'),
    codeBlock: editor.isActive('codeBlock'),
    link: editor.isActive('link'),
    inTable: editor.isActive('table'),
    canUndo: editor.can().undo(),
    canRedo: editor.can().redo(),
  };
}

interface Item {
  key: string;
  label: string;
  keys?: string[];
  /** Text glyph (B, I, H1) or an icon. */
  glyph?: ReactNode;
  icon?: ToolbarIconName;
  /** Toggles get aria-pressed; actions (undo, insert table) do not. */
  pressed?: (state: ToolbarState) => boolean;
  disabled?: (state: ToolbarState) => boolean;
  run: (editor: Editor) => void;
}

type Group = Item[];

function groups(openLinkForm: () => void): Group[] {
  const chain = (editor: Editor) => editor.chain().focus();
  return [
    [
      { key: 'bold', label: 'Bold', keys: [MOD, 'B'], glyph: <b>B</b>, pressed: (s) => s.bold, run: (e) => chain(e).toggleBold().run() },
      { key: 'italic', label: 'Italic', keys: [MOD, 'I'], glyph: <i>I</i>, pressed: (s) => s.italic, run: (e) => chain(e).toggleItalic().run() },
      { key: 'code', label: 'Code', keys: [MOD, 'E'], icon: 'code', pressed: (s) => s.code, run: (e) => chain(e).toggleCode().run() },
      { key: 'link', label: 'Link', keys: [MOD, 'K'], icon: 'link', pressed: (s) => s.link, run: () => openLinkForm() },
    ],
    [1, 2, 3].map((level) => ({
      key: `h${level}`,
      label: `Heading ${level}`,
      keys: [MOD, ALT, String(level)],
      glyph: (
        <span className="toolbar-glyph-heading">
          H<small>{level}</small>
        </span>
      ),
      pressed: (s: ToolbarState) => s[`h${level}` as 'h1' | 'h2' | 'h3'],
      run: (e: Editor) => chain(e).toggleHeading({ level: level as 1 | 2 | 3 }).run(),
    })),
    [
      { key: 'bulletList', label: 'Bullet list', keys: [MOD, 'Shift', '8'], icon: 'bulletList', pressed: (s) => s.bulletList, run: (e) => chain(e).toggleBulletList().run() },
      { key: 'orderedList', label: 'Numbered list', keys: [MOD, 'Shift', '7'], icon: 'orderedList', pressed: (s) => s.orderedList, run: (e) => chain(e).toggleOrderedList().run() },
      { key: 'taskList', label: 'Task list', keys: [MOD, 'Shift', '9'], icon: 'taskList', pressed: (s) => s.taskList, run: (e) => chain(e).toggleTaskList().run() },
      { key: 'blockquote', label: 'Quote', keys: [MOD, 'Shift', 'B'], icon: 'quote', pressed: (s) => s.blockquote, run: (e) => chain(e).toggleBlockquote().run() },
      { key: 'codeBlock', label: 'Code block', keys: [MOD, ALT, 'C'], icon: 'codeBlock', pressed: (s) => s.codeBlock, run: (e) => chain(e).toggleCodeBlock().run() },
    ],
    [
      {
        key: 'table',
        label: 'Table',
        icon: 'table',
        disabled: (s) => s.inTable,
        run: (e) => chain(e).insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(),
      },
      { key: 'rule', label: 'Horizontal rule', icon: 'rule', run: (e) => chain(e).setHorizontalRule().run() },
    ],
    [
      { key: 'undo', label: 'Undo', keys: [MOD, 'Z'], icon: 'undo', disabled: (s) => !s.canUndo, run: (e) => chain(e).undo().run() },
      { key: 'redo', label: 'Redo', keys: isMac ? [MOD, 'Shift', 'Z'] : [MOD, 'Y'], icon: 'redo', disabled: (s) => !s.canRedo, run: (e) => chain(e).redo().run() },
    ],
  ];
}

const TABLE_ITEMS: Item[] = [
  { key: 'addRow', label: 'Add row below', icon: 'rowAdd', run: (e) => e.chain().focus().addRowAfter().run() },
  { key: 'addColumn', label: 'Add column right', icon: 'columnAdd', run: (e) => e.chain().focus().addColumnAfter().run() },
  { key: 'deleteRow', label: 'Delete row', icon: 'rowDelete', run: (e) => e.chain().focus().deleteRow().run() },
  { key: 'deleteColumn', label: 'Delete column', icon: 'columnDelete', run: (e) => e.chain().focus().deleteColumn().run() },
  { key: 'deleteTable', label: 'Delete table', icon: 'tableDelete', run: (e) => e.chain().focus().deleteTable().run() },
];

interface Props {
  editor: Editor;
  onEditLink: () => void;
  /** Rendered under the buttons (the link form). */
  children?: ReactNode;
}

/**
 * The formatting toolbar: an ARIA toolbar (one tab stop, arrow keys move between buttons),
 * toggles carry aria-pressed, every title names its shortcut. Buttons do not take focus on
 * mouse down, so the editor keeps its selection.
 */
export function EditorToolbar({ editor, onEditLink, children }: Props) {
  const state = useEditorState({ editor, selector: ({ editor: e }) => (e ? readState(e) : null) }) ?? readState(editor);
  const [focusKey, setFocusKey] = useState('bold');
  const ref = useRef<HTMLDivElement>(null);
  const all = [...groups(onEditLink), ...(state.inTable ? [TABLE_ITEMS] : [])];
  // The one tab stop must be a button that exists and is enabled (undo may just have become disabled).
  const tabStop = all.flat().some((item) => item.key === focusKey && !item.disabled?.(state)) ? focusKey : 'bold';

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const buttons = [...(ref.current?.querySelectorAll<HTMLButtonElement>('button[data-toolbar-item]:not(:disabled)') ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (at < 0) return;
    let next = -1;
    if (event.key === 'ArrowRight') next = (at + 1) % buttons.length;
    else if (event.key === 'ArrowLeft') next = (at - 1 + buttons.length) % buttons.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = buttons.length - 1;
    if (next < 0) return;
    event.preventDefault();
    buttons[next].focus();
    setFocusKey(buttons[next].dataset.toolbarItem ?? 'bold');
  };

  return (
    <div className="editor-toolbar-wrap">
      <div ref={ref} className="editor-toolbar" role="toolbar" aria-label="Formatting" onKeyDown={onKeyDown}>
        {all.map((group, index) => (
          <div className="editor-toolbar-group" role="group" key={index}>
            {group.map((item) => {
              const title = withShortcut(item.label, item.keys);
              const pressed = item.pressed?.(state);
              return (
                <button
                  key={item.key}
                  type="button"
                  className="editor-toolbar-button"
                  data-toolbar-item={item.key}
                  aria-label={item.label}
                  title={title}
                  aria-pressed={item.pressed ? pressed : undefined}
                  aria-keyshortcuts={item.keys?.join('+').replace('⌘', 'Meta').replace('Ctrl', 'Control').replace('⌥', 'Alt')}
                  disabled={item.disabled?.(state)}
                  tabIndex={item.key === tabStop ? 0 : -1}
                  onMouseDown={(event) => event.preventDefault()}
                  onFocus={() => setFocusKey(item.key)}
                  onClick={() => item.run(editor)}
                >
                  {item.icon ? <ToolbarIcon name={item.icon} /> : item.glyph}
                </button>
              );
            })}
          </div>
        ))}
      </div>
      {children}
    </div>
  );
}
