import { describe, expect, it } from 'vitest';
import { filterPageOptions } from './page-link-picker';

const pages = ['Roadmap', 'On-call runbook', 'Runbook index', 'Release notes', 'Team runbooks'].map((title, i) => ({ id: `p${i}`, title, icon: '' }));

describe('page-link picker filter', () => {
  it('keeps the given order without a query, up to the limit', () => {
    expect(filterPageOptions(pages, '', 3).map((p) => p.title)).toEqual(['Roadmap', 'On-call runbook', 'Runbook index']);
  });

  it('matches every word, titles starting with the query first, then word starts', () => {
    expect(filterPageOptions(pages, 'run').map((p) => p.title)).toEqual(['Runbook index', 'On-call runbook', 'Team runbooks']);
    expect(filterPageOptions(pages, 'team run').map((p) => p.title)).toEqual(['Team runbooks']);
    expect(filterPageOptions(pages, 'zzz')).toEqual([]);
  });
});
