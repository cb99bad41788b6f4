/** Line icons for the formatting toolbar (inline SVG, decorative: the buttons carry the names). */
const PATHS = {
  code: 'M8.5 7 3.5 12l5 5M15.5 7l5 5-5 5',
  bulletList: 'M9 6h11M9 12h11M9 18h11M4.5 6h.01M4.5 12h.01M4.5 18h.01',
  orderedList: 'M10 6h10M10 12h10M10 18h10M4 4.5h1.5V9M3.8 9h3M3.8 14.2c.3-.6.9-.9 1.5-.9.9 0 1.5.6 1.5 1.3 0 1.2-3 2-3 3.4h3',
  taskList: 'M3.5 5.5h5v5h-5zM4.8 8l1.3 1.3 2.1-2.6M3.5 14.5h5v5h-5zM12 8h8.5M12 17h8.5',
  quote: 'M4 6.5v11M8.5 8h11M8.5 12h11M8.5 16h7',
  codeBlock: 'M3.5 4.5h17v15h-17zM8.5 9.5 6.5 12l2 2.5M15.5 9.5l2 2.5-2 2.5M13 9l-2 6',
  link: 'M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1',
  table: 'M3.5 4.5h17v15h-17zM3.5 9.5h17M3.5 14.5h17M9.5 4.5v15M15 4.5v15',
  rule: 'M3 12h18M6 7.5h12M6 16.5h12',
  undo: 'M9 14 4 9l5-5M4 9h10.5a5.5 5.5 0 0 1 0 11H11',
  redo: 'm15 14 5-5-5-5M20 9H9.5a5.5 5.5 0 0 0 0 11H13',
  rowAdd: 'M3.5 4.5h17v9h-17zM3.5 9h17M12 16.5v5M9.5 19h5',
  columnAdd: 'M4.5 3.5h9v17h-9zM9 3.5v17M16.5 12h5M19 9.5v5',
  rowDelete: 'M3.5 4.5h17v9h-17zM3.5 9h17M9.5 19h5',
  columnDelete: 'M4.5 3.5h9v17h-9zM9 3.5v17M16.5 12h5',
  tableDelete: 'M3.5 4.5h17v15h-17zM3.5 9.5h17M9.5 4.5v15M12.5 12.5l5 5M17.5 12.5l-5 5',
} as const;

export type ToolbarIconName = keyof typeof PATHS;

export function ToolbarIcon({ name }: { name: ToolbarIconName }) {
  return (
    <svg
      className="icon"
      width={18}
      height={18}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.7}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[name]} />
    </svg>
  );
}
