/**
 * A page's icon: its emoji when it has one, else a small line drawing of a page (inline SVG, so
 * it looks the same on machines without an emoji font). Decorative: hidden from assistive tech.
 */
const GLYPHS = {
  page: 'M6 3h8l4 4v14H6V3ZM14 3v4h4M9 12h6M9 16h6',
  comment: 'M4 5h16v11H9l-5 4V5Z',
  search: 'M10.5 17a6.5 6.5 0 1 0 0-13 6.5 6.5 0 0 0 0 13ZM15.5 15.5 20 20',
  action: 'M9 6l6 6-6 6',
  top: 'M5 4h14M12 20V8M7 13l5-5 5 5',
} as const;

export type GlyphName = keyof typeof GLYPHS;

export function Glyph({ name, size = 16 }: { name: GlyphName; size?: number }) {
  return (
    <svg
      className={`glyph glyph-${name}`}
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={GLYPHS[name]} />
    </svg>
  );
}

export function PageIcon({ icon, size = 16 }: { icon: string | undefined; size?: number }) {
  if (icon) {
    return (
      <span className="page-icon-emoji" aria-hidden="true">
        {icon}
      </span>
    );
  }
  return <Glyph name="page" size={size} />;
}
