import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import { getSchema } from '@tiptap/core';
import type { Schema } from '@tiptap/pm/model';
import { pageSchema } from './templates-schema';
import { pageExtensions } from '../../renderer/src/editor/extensions';

/** Node and mark types with their attributes' defaults and content expressions. */
function shape(schema: Schema) {
  const attrs = (spec: Record<string, { default?: unknown }> | undefined) =>
    Object.fromEntries(Object.entries(spec ?? {}).map(([k, v]) => [k, 'default' in v ? v.default : '(required)']));
  return {
    nodes: Object.fromEntries(Object.entries(schema.nodes).map(([name, type]) => [name, { content: type.spec.content ?? '', attrs: attrs(type.spec.attrs) }])),
    marks: Object.fromEntries(Object.entries(schema.marks).map(([name, type]) => [name, attrs(type.spec.attrs)])),
  };
}

describe('page schema', () => {
  it('builds without a DOM', () => {
    expect(Object.keys(pageSchema().nodes)).toEqual(expect.arrayContaining(['doc', 'paragraph', 'heading', 'bulletList', 'taskList', 'taskItem', 'table']));
  });

  it('is the schema the editor uses', () => {
    const doc = new Y.Doc();
    const editor = getSchema(pageExtensions({ doc, awareness: new Awareness(doc), user: { name: 'x', color: '#000', memberId: 'm' } }));
    expect(shape(pageSchema())).toEqual(shape(editor));
  });
});
