/**
 * The ProseMirror schema of page content, built headless from the TipTap extensions that define
 * it. The editor (renderer) and the Core (templates, history, export) must agree on it, so both
 * build from `PAGE_SCHEMA_EXTENSIONS`: the editor adds behaviour-only extensions (Collaboration,
 * carets, placeholder, suggestion UI) and may configure these, but must not add or drop a node
 * or mark type without changing this list.
 *
 * `getSchema` runs without a DOM: these extensions only reference DOM types, which is why this
 * module may live in shared/.
 */
import type { Extensions } from '@tiptap/core';
import { getSchema } from '@tiptap/core';
import type { Schema } from '@tiptap/pm/model';
import StarterKit from '@tiptap/starter-kit';
import { TaskItem, TaskList } from '@tiptap/extension-list';
import { TableKit } from '@tiptap/extension-table';

/**
 * The schema-defining part of the editor's extensions (renderer/src/editor/extensions.ts): the
 * same node and mark types with the same attributes and defaults. A test builds both schemas and
 * compares them.
 */
export const PAGE_SCHEMA_EXTENSIONS: Extensions = [
  // StarterKit: paragraph, heading, lists, blockquote, code block, rule, hard break; bold,
  // italic, strike, code, underline and link marks.
  StarterKit.configure({
    undoRedo: false,
    trailingNode: false,
    heading: { levels: [1, 2, 3] },
    link: { HTMLAttributes: { target: null, rel: 'noopener noreferrer nofollow' } },
  }),
  TaskList,
  TaskItem.configure({ nested: true }),
  TableKit.configure({ table: { resizable: false } }),
];

let schema: Schema | null = null;

/** The page content schema (built once). */
export function pageSchema(): Schema {
  schema ??= getSchema(PAGE_SCHEMA_EXTENSIONS);
  return schema;
}
