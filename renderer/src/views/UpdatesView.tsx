import { EmptyState, ViewHeader } from './ViewHeader';

export function UpdatesView() {
  return (
    <>
      <ViewHeader title="Updates" description="Your team's log: daily updates, decisions, blockers and handoffs." />
      <EmptyState title="No updates yet">
        <p>
          Updates your team writes will appear here in the order they happened, each shown in your own time zone, with
          decisions and blockers easy to find later.
        </p>
        <p className="muted">Writing updates arrives in a later version of Baton.</p>
      </EmptyState>
    </>
  );
}
