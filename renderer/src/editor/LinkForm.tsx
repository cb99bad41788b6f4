import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import type { Editor } from '@tiptap/core';
import { normalizeHref } from './links';

/**
 * Adds, changes or removes the link at the selection. With nothing selected the address itself
 * is inserted as the link text. Escape or Cancel goes back to the text, unchanged.
 */
export function LinkForm({ editor, onClose }: { editor: Editor; onClose: () => void }) {
  const id = useId();
  const current = (editor.getAttributes('link').href as string | undefined) ?? '';
  const [value, setValue] = useState(current);
  const [error, setError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    inputRef.current?.focus();
    inputRef.current?.select();
  }, []);

  const close = () => {
    onClose();
    editor.commands.focus();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const href = normalizeHref(value);
    if (!href) {
      setError('Enter a web address (example.com), an e-mail address or a page link.');
      return;
    }
    const chain = editor.chain().focus();
    if (editor.state.selection.empty && !editor.isActive('link')) {
      chain.insertContent({ type: 'text', text: value.trim(), marks: [{ type: 'link', attrs: { href } }] }).unsetMark('link');
    } else {
      chain.extendMarkRange('link').setLink({ href });
    }
    chain.run();
    onClose();
  };

  const remove = () => {
    editor.chain().focus().extendMarkRange('link').unsetLink().run();
    onClose();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
    }
  };

  return (
    <form className="link-form" onSubmit={submit} onKeyDown={onKeyDown} aria-label="Link">
      <label htmlFor={`${id}-href`} className="visually-hidden">
        Link address
      </label>
      <input
        ref={inputRef}
        id={`${id}-href`}
        type="text"
        inputMode="url"
        placeholder="https://… or baton://page/…"
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => {
          setValue(e.target.value);
          setError(null);
        }}
      />
      <button type="submit" className="button primary">
        {current ? 'Update link' : 'Add link'}
      </button>
      {current && (
        <button type="button" className="button" onClick={remove}>
          Remove link
        </button>
      )}
      <button type="button" className="button" onClick={close}>
        Cancel
      </button>
      {error && (
        <p id={`${id}-error`} className="field-error link-form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
