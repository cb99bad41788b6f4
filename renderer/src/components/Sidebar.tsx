import { useAppStore, VIEWS } from '../store';
import type { ViewId } from '../store';
import { Icon } from './Icon';
import type { IconName } from './Icon';
import { SyncIndicator } from './sync/SyncIndicator';
import { UpdatesBadge } from '../views/updates/UpdatesBadge';

const ICONS: Record<ViewId, IconName> = {
  today: 'today',
  updates: 'updates',
  knowledge: 'knowledge',
  team: 'team',
  settings: 'settings',
};

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

export function Sidebar() {
  const view = useAppStore((s) => s.view);
  const navigate = useAppStore((s) => s.navigate);
  const spaceName = useAppStore((s) => s.profile?.settings.spaceName);
  const memberName = useAppStore((s) => s.profile?.member.name);

  return (
    <aside className="sidebar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          B
        </span>
        <div className="brand-text">
          <span className="brand-name">Baton</span>
          {spaceName && <span className="brand-space">{spaceName}</span>}
        </div>
      </div>
      <nav aria-label="Main">
        <ul className="nav-list">
          {VIEWS.map((item, index) => {
            const shortcut = `${isMac ? 'Meta' : 'Control'}+${index + 1}`;
            return (
              <li key={item.id}>
                <button
                  type="button"
                  className="nav-item"
                  aria-current={view === item.id ? 'page' : undefined}
                  aria-keyshortcuts={shortcut}
                  title={`${item.label} (${isMac ? '⌘' : 'Ctrl+'}${index + 1})`}
                  onClick={() => navigate(item.id)}
                >
                  <span className="nav-icon">
                    <Icon name={ICONS[item.id]} />
                  </span>
                  {item.label}
                  {item.id === 'updates' && <UpdatesBadge />}
                </button>
              </li>
            );
          })}
        </ul>
      </nav>
      <div className="sidebar-footer">
        <SyncIndicator />
        {memberName && (
          <p className="signed-in">
            Signed in as <strong>{memberName}</strong>
          </p>
        )}
      </div>
    </aside>
  );
}
