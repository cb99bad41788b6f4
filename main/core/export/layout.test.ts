import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PageMeta } from '../../../shared/model/types';
import { NameAllocator, planLayout, relativeLink, resolveRelativeLink, sanitizeFileName } from './layout';
import { absoluteFolder, insideRoot } from './fs-safety';

function page(id: string, title: string, parentId: string | null, order: number): PageMeta {
  return {
    id,
    title,
    parentId,
    order,
    icon: '',
    ownerId: 'm',
    reviewEveryDays: 90,
    verifiedAt: null,
    verifiedBy: null,
    archived: false,
    createdAt: 0,
    createdBy: 'm',
    updatedAt: 0,
    updatedBy: 'm',
  };
}

describe('sanitizeFileName', () => {
  it('keeps ordinary titles as they are', () => {
    expect(sanitizeFileName('On-call handbook')).toBe('On-call handbook');
    expect(sanitizeFileName('Ünïcödé 日本語 😀')).toBe('Ünïcödé 日本語 😀');
    expect(sanitizeFileName('Q&A, (draft) #2 [old]')).toBe('Q&A, (draft) #2 [old]');
  });

  it('replaces separators and drops characters file systems refuse', () => {
    expect(sanitizeFileName('Deploys / Releases')).toBe('Deploys - Releases');
    expect(sanitizeFileName('a\\b:c|d')).toBe('a-b-c-d');
    expect(sanitizeFileName('What? Why* "quoted" <tag>')).toBe('What Why quoted tag');
    expect(sanitizeFileName('tab\there\nnew\u0000line')).toBe('tab here newline');
  });

  it('never yields a hidden, relative or empty name', () => {
    expect(sanitizeFileName('../../etc/passwd')).toBe('-..-etc-passwd');
    expect(sanitizeFileName('..')).toBe('Untitled');
    expect(sanitizeFileName('.env')).toBe('env');
    expect(sanitizeFileName('   ')).toBe('Untitled');
    expect(sanitizeFileName('???')).toBe('Untitled');
    expect(sanitizeFileName('trailing dots...')).toBe('trailing dots');
  });

  it('prefixes Windows device names', () => {
    expect(sanitizeFileName('CON')).toBe('_CON');
    expect(sanitizeFileName('nul.txt')).toBe('_nul.txt');
    expect(sanitizeFileName('Console')).toBe('Console');
  });

  it('caps the length without splitting a character', () => {
    const long = '😀'.repeat(100);
    expect(Array.from(sanitizeFileName(long))).toHaveLength(80);
    expect(sanitizeFileName('a'.repeat(79) + ' b')).toBe('a'.repeat(79));
  });
});

describe('NameAllocator', () => {
  it('numbers collisions, ignoring case and Unicode normalization', () => {
    const names = new NameAllocator();
    expect(names.allocate('Notes')).toBe('Notes');
    expect(names.allocate('notes')).toBe('notes (2)');
    expect(names.allocate('NOTES')).toBe('NOTES (3)');
    expect(names.allocate('Caf\u00e9')).toBe('Café');
    expect(names.allocate('Cafe\u0301')).toBe('Cafe\u0301 (2)');
  });

  it('keeps a page file and another page folder apart', () => {
    const names = new NameAllocator();
    expect(names.allocate('X')).toBe('X'); // X.md and folder X
    expect(names.allocate('X.md')).toBe('X.md (2)'); // its folder would be "X.md"
  });
});

describe('planLayout', () => {
  const pages = [
    page('h', 'Handbook', null, 1),
    page('o', 'On-call', 'h', 1),
    page('d', 'Deploys / Releases', 'h', 2),
    page('d2', 'deploys - releases', 'h', 3),
    page('s', 'Sub', 'o', 1),
    page('r', 'Roadmap', null, 2),
  ];

  it('puts subpages in a folder named like the parent file, in tree order', () => {
    const plan = planLayout(pages, pages.filter((p) => p.parentId === null));
    expect(plan.map((e) => [e.page.id, e.file, e.folder, e.order, e.depth])).toEqual([
      ['h', 'Handbook.md', 'Handbook', 1, 0],
      ['o', 'Handbook/On-call.md', 'Handbook/On-call', 1, 1],
      ['s', 'Handbook/On-call/Sub.md', null, 1, 2],
      ['d', 'Handbook/Deploys - Releases.md', null, 2, 1],
      ['d2', 'Handbook/deploys - releases (2).md', null, 3, 1],
      ['r', 'Roadmap.md', null, 2, 0],
    ]);
  });

  it('exports one page with its subpages from the top', () => {
    const plan = planLayout(pages, [pages[1]]);
    expect(plan.map((e) => e.file)).toEqual(['On-call.md', 'On-call/Sub.md']);
  });
});

describe('links between files', () => {
  it('writes relative, percent-encoded paths that stay readable', () => {
    expect(relativeLink('Handbook.md', 'Handbook/On-call.md')).toBe('Handbook/On-call.md');
    expect(relativeLink('Handbook/On-call/Sub.md', 'Roadmap.md')).toBe('../../Roadmap.md');
    expect(relativeLink('A.md', 'B c (d) #1?.md')).toBe('B%20c%20%28d%29%20%231%3F.md');
    expect(relativeLink('A.md', 'Ünï 😀.md')).toBe('Ünï%20😀.md');
  });

  it('reads relative links back to files inside the root only', () => {
    expect(resolveRelativeLink('Handbook/On-call.md', '../Roadmap.md')).toBe('Roadmap.md');
    expect(resolveRelativeLink('Handbook/On-call.md', 'Sub%20Page.md#part')).toBe('Handbook/Sub Page.md');
    expect(resolveRelativeLink('A.md', './B.md?x=1')).toBe('B.md');
    expect(resolveRelativeLink('A.md', 'Cafe%CC%81.md')).toBe('Café.md');
    expect(resolveRelativeLink('A.md', '../outside.md')).toBeNull();
    expect(resolveRelativeLink('Handbook/On-call.md', '../../../etc/passwd')).toBeNull();
    expect(resolveRelativeLink('A.md', '/etc/passwd')).toBeNull();
    expect(resolveRelativeLink('A.md', 'https://x.io/B.md')).toBeNull();
    expect(resolveRelativeLink('A.md', 'baton://page/x')).toBeNull();
    expect(resolveRelativeLink('A.md', '#top')).toBeNull();
    expect(resolveRelativeLink('A.md', '100%.md')).toBe('100%.md');
    expect(resolveRelativeLink('A.md', 'a%00.md')).toBeNull();
  });
});

describe('file-system guards', () => {
  const root = path.resolve('/tmp/export-root');

  it('resolves layout paths inside the root', () => {
    expect(insideRoot(root, 'Handbook/On-call.md')).toBe(path.join(root, 'Handbook', 'On-call.md'));
  });

  it('refuses every way out of the root', () => {
    for (const bad of ['../x.md', 'a/../../x.md', '/etc/passwd', 'a//b.md', '', '.', 'a/./b', 'a\\..\\b', 'C:/x.md', 'a/\0.md']) {
      expect(() => insideRoot(root, bad), bad).toThrow(/outside the export folder/);
    }
  });

  it('wants absolute folders', () => {
    expect(() => absoluteFolder('relative/dir', 'targetDir')).toThrow(/absolute/);
    expect(absoluteFolder('/tmp/a/../b', 'targetDir')).toBe(path.resolve('/tmp/b'));
  });
});
