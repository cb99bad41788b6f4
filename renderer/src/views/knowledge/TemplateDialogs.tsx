import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import type { PageSummary, Template } from '../../../../shared/api/contract';
import { MAX_TEMPLATE_DESCRIPTION_LENGTH, MAX_TEMPLATE_NAME_LENGTH } from '../../../../shared/model/templates';
import { describeError } from '../../errors';
import { api } from '../../platform';
import { useAppStore } from '../../store';
import { KbDialog } from './KbDialog';

/** "Save as template": the page's content becomes a team template, with a name and a description. */
export function SaveTemplateDialog({ page, onClose }: { page: PageSummary; onClose(): void }) {
  const id = useId();
  const notify = useAppStore((s) => s.notify);
  const [name, setName] = useState(page.title);
  const [description, setDescription] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setError('Give the template a name.');
      return;
    }
    setBusy(true);
    try {
      const template = await api.call('templates.saveFromPage', { pageId: page.id, name: name.trim(), description: description.trim() || undefined });
      notify('info', `Saved “${template.name}” as a team template.`);
      onClose();
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  };

  return (
    <KbDialog title="Save as template" onClose={onClose} description={<p className="muted">Your team can start new pages from this page’s content.</p>}>
      <form className="kb-form" onSubmit={(e) => void submit(e)}>
        <div className="field">
          <label htmlFor={`${id}-name`}>Name</label>
          <input
            id={`${id}-name`}
            type="text"
            value={name}
            maxLength={MAX_TEMPLATE_NAME_LENGTH}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            onChange={(e) => {
              setName(e.target.value);
              setError(null);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-description`}>Description (optional)</label>
          <textarea
            id={`${id}-description`}
            rows={3}
            value={description}
            maxLength={MAX_TEMPLATE_DESCRIPTION_LENGTH}
            onChange={(e) => setDescription(e.target.value)}
          />
        </div>
        {error && (
          <p id={`${id}-error`} className="field-error" role="alert">
            {error}
          </p>
        )}
        <div className="kb-dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={busy}>
            Save template
          </button>
        </div>
      </form>
    </KbDialog>
  );
}

/** The team's own templates, each with a Delete button (asks once more before deleting). */
export function ManageTemplatesDialog({ templates, onChanged, onClose }: { templates: Template[]; onChanged(): void; onClose(): void }) {
  const [confirming, setConfirming] = useState<string | null>(null);
  const [deleted, setDeleted] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const shown = templates.filter((t) => !deleted.has(t.id));

  const remove = async (template: Template) => {
    try {
      await api.call('templates.delete', { id: template.id });
      setDeleted((d) => new Set(d).add(template.id));
      setConfirming(null);
      onChanged();
    } catch (err) {
      setError(describeError(err));
    }
  };

  return (
    <KbDialog title="Team templates" onClose={onClose}>
      {shown.length === 0 ? (
        <p className="muted">Your team has no templates of its own. Use “Save as template” in a page’s menu to add one.</p>
      ) : (
        <ul className="kb-template-list" aria-label="Team templates">
          {shown.map((t) => (
            <li key={t.id}>
              <div className="kb-template-text">
                <strong>{t.name}</strong>
                {t.description && <span className="muted">{t.description}</span>}
              </div>
              {confirming === t.id ? (
                <span className="kb-inline-confirm">
                  <button type="button" className="button danger" onClick={() => void remove(t)}>
                    Delete “{t.name}”
                  </button>
                  <button type="button" className="button" onClick={() => setConfirming(null)}>
                    Keep
                  </button>
                </span>
              ) : (
                <button type="button" className="button danger-outline" aria-label={`Delete template ${t.name}`} onClick={() => setConfirming(t.id)}>
                  Delete
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="kb-dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          Done
        </button>
      </div>
    </KbDialog>
  );
}
