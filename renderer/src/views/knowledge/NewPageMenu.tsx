import { useCallback, useEffect, useState } from 'react';
import type { Template } from '../../../../shared/api/contract';
import { api } from '../../platform';
import { useAppStore } from '../../store';
import { useReportError } from '../../use-report-error';
import { ManageTemplatesDialog } from './TemplateDialogs';
import type { MenuSection } from './MenuButton';
import { MenuButton } from './MenuButton';

/** The templates the Core offers (built-ins first, then the team's), loaded on demand. */
export function useTemplates(): { templates: Template[] | null; reload(): void } {
  const [templates, setTemplates] = useState<Template[] | null>(null);
  const reportError = useReportError();
  const reload = useCallback(() => {
    api.call('templates.list').then(setTemplates, (error) => reportError(error, 'Could not load the templates'));
  }, [reportError]);
  useEffect(() => reload(), [reload]);
  return { templates, reload };
}

/**
 * "New page" as a split button: the button makes a blank page; the arrow beside it opens a
 * menu of the built-in templates and the team's own (and a way to delete the team's).
 */
export function NewPageMenu() {
  const createPageFrom = useAppStore((s) => s.createPageFrom);
  const reportError = useReportError();
  const { templates, reload } = useTemplates();
  const [creating, setCreating] = useState(false);
  const [managing, setManaging] = useState(false);

  // One page per press: keys typed while the Core answers must not create more.
  const create = async (template: Template | null) => {
    if (creating) return;
    setCreating(true);
    try {
      await createPageFrom(template?.id ?? null, template?.name ?? 'Untitled');
      // The editor focuses and selects the title so the user can name the page right away.
    } catch (error) {
      reportError(error, 'Could not create the page');
    } finally {
      setCreating(false);
    }
  };

  const builtins = templates?.filter((t) => t.builtin) ?? [];
  const own = templates?.filter((t) => !t.builtin) ?? [];
  const sections: MenuSection[] = [
    { items: [{ key: 'blank', label: 'Blank page', onSelect: () => void create(null) }] },
    {
      label: 'Templates',
      items: templates
        ? builtins.map((t) => ({ key: t.id, label: t.name, detail: t.description, onSelect: () => void create(t) }))
        : [{ key: 'loading', label: 'Loading templates…', disabled: true, onSelect: () => undefined }],
    },
  ];
  if (own.length) {
    sections.push({
      label: 'Team templates',
      items: [
        ...own.map((t) => ({ key: t.id, label: t.name, detail: t.description || undefined, onSelect: () => void create(t) })),
        { key: 'manage', label: 'Manage team templates…', onSelect: () => setManaging(true) },
      ],
    });
  }

  return (
    <div className="kb-split-button">
      <button type="button" className="button primary" disabled={creating} aria-busy={creating || undefined} onClick={() => void create(null)}>
        New page
      </button>
      <MenuButton label="Start from a template" className="kb-split-more" sections={sections} onOpen={reload} disabled={creating}>
        <span aria-hidden="true">▾</span>
      </MenuButton>
      {managing && (
        <ManageTemplatesDialog
          templates={own}
          onChanged={reload}
          onClose={() => {
            setManaging(false);
          }}
        />
      )}
    </div>
  );
}
