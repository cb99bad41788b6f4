import { useId, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import type { PageSummary } from '../../../../shared/api/contract';
import { describeError } from '../../errors';
import { api } from '../../platform';
import { useAppStore } from '../../store';
import { Popover } from './Popover';
import { PageIcon } from '../../components/palette/PageIcon';

/** Common page icons, with names for screen readers. */
export const COMMON_ICONS: readonly [string, string][] = [
  ['📄', 'page'],
  ['📘', 'blue book'],
  ['📝', 'memo'],
  ['📌', 'pin'],
  ['🗂️', 'card index'],
  ['🗓️', 'calendar'],
  ['✅', 'check mark'],
  ['🚀', 'rocket'],
  ['🛠️', 'tools'],
  ['🧭', 'compass'],
  ['🗺️', 'map'],
  ['💡', 'light bulb'],
  ['⚠️', 'warning'],
  ['🔥', 'fire'],
  ['🚒', 'fire engine'],
  ['🧪', 'test tube'],
  ['🐛', 'bug'],
  ['📣', 'megaphone'],
  ['🤝', 'handshake'],
  ['👋', 'waving hand'],
  ['🎯', 'target'],
  ['📊', 'bar chart'],
  ['🔒', 'lock'],
  ['🌍', 'globe'],
];

const COLUMNS = 6;

/** The page's icon as a button; it opens a grid of common emoji and a field for any other. */
export function IconPicker({ page }: { page: PageSummary }) {
  return (
    <Popover
      label="Page icon"
      button={<PageIcon icon={page.icon} size={26} />}
      buttonLabel={page.icon ? `Page icon ${page.icon}, change` : 'Add a page icon'}
      buttonTitle="Change the icon"
      buttonClassName={`kb-icon-button${page.icon ? '' : ' is-empty'}`}
      className="kb-icon-popover"
    >
      {(close) => <IconGrid page={page} onDone={close} />}
    </Popover>
  );
}

function IconGrid({ page, onDone }: { page: PageSummary; onDone(): void }) {
  const id = useId();
  const refreshPages = useAppStore((s) => s.refreshPages);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);

  const save = async (icon: string) => {
    try {
      await api.call('pages.update', { id: page.id, icon });
      await refreshPages();
      onDone();
    } catch (err) {
      setError(describeError(err));
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const icon = text.trim();
    if (!icon) return;
    void save(icon);
  };

  // Arrow keys move within the grid (one row = COLUMNS buttons).
  const onGridKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const buttons = [...event.currentTarget.querySelectorAll<HTMLButtonElement>('button')];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (at < 0) return;
    const step = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: COLUMNS, ArrowUp: -COLUMNS }[event.key];
    if (step === undefined) return;
    event.preventDefault();
    buttons[Math.max(0, Math.min(buttons.length - 1, at + step))]?.focus();
  };

  return (
    <div className="kb-icon-picker">
      <div className="kb-icon-grid" role="group" aria-label="Common icons" onKeyDown={onGridKeyDown}>
        {COMMON_ICONS.map(([icon, name], index) => (
          <button
            key={icon}
            type="button"
            className={`kb-icon-choice${icon === page.icon ? ' is-current' : ''}`}
            aria-label={name}
            aria-pressed={icon === page.icon}
            title={name}
            data-autofocus={index === 0 ? true : undefined}
            onClick={() => void save(icon)}
          >
            {icon}
          </button>
        ))}
      </div>
      <form className="kb-icon-form" onSubmit={submit}>
        <label htmlFor={`${id}-text`} className="visually-hidden">
          Any other emoji
        </label>
        <input
          id={`${id}-text`}
          type="text"
          placeholder="Or type an emoji"
          value={text}
          maxLength={16}
          aria-invalid={error ? true : undefined}
          onChange={(e) => {
            setText(e.target.value);
            setError(null);
          }}
        />
        <button type="submit" className="button">
          Use
        </button>
      </form>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {page.icon && (
        <button type="button" className="button link kb-icon-remove" onClick={() => void save('')}>
          Remove icon
        </button>
      )}
    </div>
  );
}
