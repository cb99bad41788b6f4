/**
 * What the command palette offers: pages found by `search.query`, recent pages when nothing is
 * typed, and actions (new page, go to a view, write an update or a handoff). Pure except for
 * the `run` callbacks, which the palette component supplies.
 */
import type { PageSummary, SearchResult, TextSegment } from '../../../../shared/api/contract';
import type { LogSearchHit } from '../../../../shared/api/log-api';
import { entryHeadline } from '../../../../shared/model/log-filters';

export interface PaletteItem {
  key: string;
  kind: 'page' | 'entry' | 'action';
  label: string;
  /** The title with the matched words marked (pages from search). */
  titleSegments?: TextSegment[];
  /** An excerpt of the body around the matches. */
  snippet?: TextSegment[];
  icon?: string;
  hint?: string;
}

export interface PaletteAction {
  key: string;
  label: string;
  /** Other words it should be found by. */
  keywords?: string;
  hint?: string;
}

/** Words of the query, lower-cased. */
function words(query: string): string[] {
  return query.toLowerCase().split(/\s+/).filter(Boolean);
}

/** Actions whose label or keywords contain every typed word (all of them when nothing is typed). */
export function matchActions(actions: readonly PaletteAction[], query: string): PaletteItem[] {
  const ws = words(query);
  return actions
    .filter((a) => {
      const hay = `${a.label} ${a.keywords ?? ''}`.toLowerCase();
      return ws.every((w) => hay.includes(w));
    })
    .map((a) => ({ key: `action:${a.key}`, kind: 'action', label: a.label, hint: a.hint }));
}

/** Search results as palette items (icons from the page list when known). */
export function pageItems(results: readonly SearchResult[], pages: readonly PageSummary[]): PaletteItem[] {
  const icons = new Map(pages.map((p) => [p.id, p.icon]));
  return results.map((r) => ({
    key: `page:${r.id}`,
    kind: 'page',
    label: r.title,
    titleSegments: r.titleSegments,
    snippet: r.snippet,
    icon: icons.get(r.id) ?? '',
  }));
}

const KIND_LABELS: Record<string, string> = {
  update: 'Update',
  decision: 'Decision',
  blocker: 'Blocker',
  handoff: 'Handoff',
  fyi: 'FYI',
  summary: 'Summary',
};

/** Update-log search hits as palette items: "Decision: <headline>" with the matched excerpt. */
export function entryItems(hits: readonly LogSearchHit[]): PaletteItem[] {
  return hits.map((hit) => ({
    key: `entry:${hit.entry.id}`,
    kind: 'entry',
    label: `${KIND_LABELS[hit.entry.kind] ?? 'Entry'}: ${entryHeadline(hit.entry, 80)}`,
    snippet: hit.snippet,
  }));
}

/** The entry id of an update-log item's key. */
export function entryIdOfItem(item: PaletteItem): string | null {
  return item.kind === 'entry' ? item.key.slice('entry:'.length) : null;
}

/** The most recently edited pages, for an empty query. */
export function recentPageItems(pages: readonly PageSummary[], limit = 5): PaletteItem[] {
  return [...pages]
    .sort((a, b) => b.updatedAt - a.updatedAt)
    .slice(0, limit)
    .map((p) => ({ key: `page:${p.id}`, kind: 'page', label: p.title, icon: p.icon }));
}

/** The page id of a page item's key. */
export function pageIdOfItem(item: PaletteItem): string | null {
  return item.kind === 'page' ? item.key.slice('page:'.length) : null;
}
