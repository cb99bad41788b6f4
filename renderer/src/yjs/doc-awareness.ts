/**
 * Presence for one open doc: a y-protocols `Awareness` on the mirror doc, relayed through the
 * Core (`awareness.update` method out, `awareness.update` event in). The Core forwards it to the
 * other windows that have the doc open and, through the relay, to other people.
 *
 * Invariants:
 * - Only this window's own entry is ever sent (`encodeAwarenessUpdate(a, [a.clientID])`);
 *   entries that arrive are applied with origin 'remote' and never sent back.
 * - Awareness entries expire after 30 s without news, so the local entry is re-sent on
 *   Awareness' own 15 s renewal (its 'update' event), and at once after the link comes back.
 * - Nothing is stored: a window that opens the doc later knows nobody until they speak, so
 *   whenever someone new appears this window answers with its own entry (coalesced, and only
 *   for newcomers, so answers do not echo back and forth).
 * - `dispose()` sends a null entry, so others drop this window's caret right away.
 * - There is one Awareness per mirror doc, reused by every DocAwareness on that doc and
 *   destroyed with the doc: others ignore entries whose clock goes backwards, so a fresh
 *   Awareness for the same client id (React re-running an effect) would go unheard.
 * - Failures are not the user's business (presence is ephemeral): they are logged and dropped.
 */
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { createLogger } from '../../../shared/log/logger';
import { describeError } from '../errors';
import type { ApiClient, ConnectionStatus } from '../platform';
import { REMOTE_ORIGIN } from './origins';

const log = createLogger('renderer/doc-awareness');

/** Who this window is, as other windows see it (also what the editor's carets show). */
export interface PresenceUser {
  name: string;
  /** A CSS colour for this person's caret and avatar. */
  color: string;
  memberId: string;
}

export interface DocAwarenessDeps {
  api: ApiClient;
  connection?: { subscribe(listener: (status: ConnectionStatus) => void): () => void };
}

const awarenessOfDoc = new WeakMap<Y.Doc, Awareness>();

/** The doc's Awareness (client id = the doc's), created on first use, destroyed with the doc. */
function awarenessFor(doc: Y.Doc): Awareness {
  let awareness = awarenessOfDoc.get(doc);
  if (!awareness) {
    awareness = new Awareness(doc);
    awarenessOfDoc.set(doc, awareness);
  }
  return awareness;
}

interface AwarenessChanges {
  added: number[];
  updated: number[];
  removed: number[];
}

export class DocAwareness {
  readonly awareness: Awareness;
  private readonly disposers: (() => void)[] = [];
  private answerScheduled = false;
  private disposed = false;

  constructor(
    readonly docId: string,
    doc: Y.Doc,
    private readonly deps: DocAwarenessDeps,
  ) {
    this.awareness = awarenessFor(doc);
  }

  /** Announces `user` and starts relaying. Call once the doc is open, so answers can reach us. */
  start(user: PresenceUser): void {
    const { api, connection } = this.deps;
    const { awareness } = this;
    this.disposers.push(
      api.on('awareness.update', ({ docId, update }) => {
        if (docId !== this.docId || this.disposed) return;
        try {
          applyAwarenessUpdate(awareness, update, REMOTE_ORIGIN);
        } catch (error) {
          log.warn('bad awareness update', { docId, error: describeError(error) });
        }
      }),
    );
    const onUpdate = ({ added, updated, removed }: AwarenessChanges, origin: unknown) => {
      if (origin === REMOTE_ORIGIN) return;
      const me = awareness.clientID;
      if (added.includes(me) || updated.includes(me) || removed.includes(me)) this.send();
    };
    awareness.on('update', onUpdate);
    this.disposers.push(() => awareness.off('update', onUpdate));
    const onChange = ({ added }: AwarenessChanges, origin: unknown) => {
      if (origin === REMOTE_ORIGIN && added.some((id) => id !== awareness.clientID)) this.scheduleAnswer();
    };
    awareness.on('change', onChange);
    this.disposers.push(() => awareness.off('change', onChange));
    if (connection) {
      let dropped = false;
      this.disposers.push(
        connection.subscribe((status) => {
          if (status === 'reconnecting' || status === 'closed') dropped = true;
          else if (status === 'open' && dropped) {
            dropped = false;
            this.send();
          }
        }),
      );
    }
    // Not setLocalStateField: after an earlier DocAwareness said goodbye the entry is null.
    awareness.setLocalState({ ...(awareness.getLocalState() ?? {}), user });
  }

  /** Changes the name/colour others see (e.g. after a profile rename). */
  setUser(user: PresenceUser): void {
    if (this.disposed) return;
    const current = (this.awareness.getLocalState() as { user?: PresenceUser } | null)?.user;
    if (current && current.name === user.name && current.color === user.color && current.memberId === user.memberId) return;
    this.awareness.setLocalStateField('user', user);
  }

  private scheduleAnswer(): void {
    if (this.answerScheduled) return;
    this.answerScheduled = true;
    setTimeout(() => {
      this.answerScheduled = false;
      this.send();
    }, 50);
  }

  private send(): void {
    if (this.disposed) return;
    const update = encodeAwarenessUpdate(this.awareness, [this.awareness.clientID]);
    this.deps.api.call('awareness.update', { docId: this.docId, update }).catch((error: unknown) => {
      log.debug('awareness update not sent', { docId: this.docId, error: describeError(error) });
    });
  }

  dispose(): void {
    if (this.disposed) return;
    // Goodbye first, while still connected: others drop this window's caret now, not in 30 s.
    this.awareness.setLocalState(null);
    this.disposed = true;
    for (const dispose of this.disposers.splice(0).reverse()) dispose();
  }
}
