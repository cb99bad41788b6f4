import { forwardRef, useCallback, useEffect, useImperativeHandle, useLayoutEffect, useRef } from 'react';
import type { ChangeEvent, TextareaHTMLAttributes } from 'react';
import type * as Y from 'yjs';
import { diffText } from './text-diff';
import { LOCAL_ORIGIN } from './origins';
import { transformIndex, transformSelection } from './selection';
import type { DeltaOp, TextSelection } from './selection';
import { useYText } from './use-y-text';

type Props = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'defaultValue' | 'onChange'> & {
  ytext: Y.Text;
};

/**
 * A plain <textarea> bound to a Y.Text.
 *
 * - Typing: the textarea's new value is diffed against the value it showed before (one splice)
 *   and applied to the Y.Text in a LOCAL_ORIGIN transaction.
 * - Changes from anywhere else re-render the value through `useYText`; the caret/selection is
 *   carried through each change's delta and put back after React writes the new value.
 */
export const YTextArea = forwardRef<HTMLTextAreaElement, Props>(function YTextArea({ ytext, ...rest }, forwardedRef) {
  const text = useYText(ytext);
  const ref = useRef<HTMLTextAreaElement>(null);
  useImperativeHandle(forwardedRef, () => ref.current!, []);
  /** What the DOM showed at the last commit: the base the user's next edit applies to. */
  const rendered = useRef(text);
  /** Non-local changes since the last commit, and where the selection goes after them. */
  const unrendered = useRef<DeltaOp[][]>([]);
  const selectionAfter = useRef<TextSelection | null>(null);

  useEffect(() => {
    const observer = (event: Y.YTextEvent, transaction: Y.Transaction) => {
      if (transaction.origin === LOCAL_ORIGIN) return;
      const delta = event.delta as DeltaOp[];
      unrendered.current.push(delta);
      const textarea = ref.current;
      if (!textarea) return;
      const base = selectionAfter.current ?? {
        start: textarea.selectionStart,
        end: textarea.selectionEnd,
        direction: textarea.selectionDirection ?? 'none',
      };
      selectionAfter.current = transformSelection(base, delta);
    };
    ytext.observe(observer);
    return () => ytext.unobserve(observer);
  }, [ytext]);

  useLayoutEffect(() => {
    rendered.current = text;
    unrendered.current = [];
    const selection = selectionAfter.current;
    selectionAfter.current = null;
    const textarea = ref.current;
    if (selection && textarea) {
      const max = textarea.value.length;
      textarea.setSelectionRange(Math.min(selection.start, max), Math.min(selection.end, max), selection.direction);
    }
  }, [text]);

  const onChange = useCallback(
    (event: ChangeEvent<HTMLTextAreaElement>) => {
      const next = event.target.value;
      const splice = diffText(rendered.current, next);
      if (!splice) return;
      let { index, deleteCount } = splice;
      // Rare: a remote change arrived after the last render and before this keystroke. The
      // user's edit is relative to what they saw, so carry its position through that change.
      for (const delta of unrendered.current) index = transformIndex(index, delta);
      index = Math.min(index, ytext.length);
      deleteCount = Math.min(deleteCount, ytext.length - index);
      const doc = ytext.doc;
      const apply = () => {
        if (deleteCount > 0) ytext.delete(index, deleteCount);
        if (splice.insert) ytext.insert(index, splice.insert);
      };
      if (doc) doc.transact(apply, LOCAL_ORIGIN);
      else apply();
      if (unrendered.current.length === 0) rendered.current = next;
    },
    [ytext],
  );

  return <textarea ref={ref} {...rest} value={text} onChange={onChange} />;
});
