interface Props {
  title: string;
  description?: string;
  children?: React.ReactNode;
}

/** A view's h1 (focusable, so navigation can move focus to it) with optional actions. */
export function ViewHeader({ title, description, children }: Props) {
  return (
    <header className="view-header">
      <div>
        <h1 tabIndex={-1}>{title}</h1>
        {description && <p className="view-description">{description}</p>}
      </div>
      {children && <div className="view-actions">{children}</div>}
    </header>
  );
}

export function EmptyState({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="empty-state" aria-label={title}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}
