/**
 * A page's content doc (`page/<id>`). Until the rich editor lands, the body is one Y.Text;
 * the knowledge-base issue moves it to a Y.XmlFragment bound to the editor.
 */
import type * as Y from 'yjs';

export const PAGE_BODY_KEY = 'body';

export function pageBody(doc: Y.Doc): Y.Text {
  return doc.getText(PAGE_BODY_KEY);
}

export function readPageText(doc: Y.Doc): string {
  return pageBody(doc).toString();
}
