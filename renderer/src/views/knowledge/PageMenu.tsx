import { useState } from 'react';
import type { PageSummary } from '../../../../shared/api/contract';
import { api } from '../../platform';
import { useAppStore } from '../../store';
import { useReportError } from '../../use-report-error';
import { MenuButton } from './MenuButton';
import { MoveDialog } from './MoveDialog';
import { SaveTemplateDialog } from './TemplateDialogs';

/** Offers a text as a file download (no folder picker needed, works in both shells). */
export function downloadText(fileName: string, text: string, type = 'text/markdown'): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The page's "…" menu: new subpage, move, save as template, export, archive. */
export function PageMenu({ page }: { page: PageSummary }) {
  const createPageFrom = useAppStore((s) => s.createPageFrom);
  const archivePage = useAppStore((s) => s.archivePage);
  const reportError = useReportError();
  const [dialog, setDialog] = useState<'move' | 'template' | null>(null);

  const exportMarkdown = async () => {
    try {
      const { fileName, markdown } = await api.call('kb.exportMarkdown', { pageId: page.id });
      downloadText(fileName, markdown);
    } catch (error) {
      reportError(error, 'Could not export the page');
    }
  };

  return (
    <>
      <MenuButton
        label="More page actions"
        className="kb-page-more"
        align="end"
        sections={[
          {
            items: [
              {
                key: 'subpage',
                label: 'New subpage',
                onSelect: () => void createPageFrom(null, 'Untitled', page.id).catch((error) => reportError(error, 'Could not create the page')),
              },
              { key: 'move', label: 'Move to…', onSelect: () => setDialog('move') },
              { key: 'template', label: 'Save as template…', onSelect: () => setDialog('template') },
              { key: 'export', label: 'Export as Markdown', onSelect: () => void exportMarkdown() },
            ],
          },
          {
            items: [
              {
                key: 'archive',
                label: 'Archive',
                detail: 'With its subpages; restore it from “Archived pages”',
                danger: true,
                onSelect: () => void archivePage(page.id).catch((error) => reportError(error, 'Could not archive the page')),
              },
            ],
          },
        ]}
      >
        <span aria-hidden="true">⋯</span>
      </MenuButton>
      {dialog === 'move' && <MoveDialog page={page} onClose={() => setDialog(null)} />}
      {dialog === 'template' && <SaveTemplateDialog page={page} onClose={() => setDialog(null)} />}
    </>
  );
}
