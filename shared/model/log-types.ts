/**
 * Plain-data views of the update log (DESIGN.md §2, `log/<YYYY-MM>` docs). The docs are the
 * truth; `readEntries` / `readEntry` in `log.ts` build these from them. Nothing here holds a
 * Yjs type, so these objects can cross IPC and be compared with `toEqual`.
 */

export const LOG_ENTRY_KINDS = ['update', 'decision', 'blocker', 'handoff', 'fyi', 'summary'] as const;
export type LogEntryKind = (typeof LOG_ENTRY_KINDS)[number];

export const DECISION_STATUSES = ['proposed', 'accepted', 'superseded'] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];

export const BLOCKER_STATUSES = ['open', 'resolved'] as const;
export type BlockerStatus = (typeof BLOCKER_STATUSES)[number];

/** One answer to one of the team's check-in questions (space settings `checkInQuestions`). */
export interface CheckInAnswer {
  question: string;
  answer: string;
}

/** "I've seen this": one per member; re-acking replaces the earlier ack. */
export interface LogAck {
  memberId: string;
  at: number;
  /** A short one-line answer sent with the ack ("On it", "Will check tomorrow"). */
  reply: string | null;
}

/** All reactions with one emoji, grouped. `memberIds` is sorted; the count is its length. */
export interface LogReaction {
  emoji: string;
  memberIds: string[];
  /** When the first of these reactions was made; groups are ordered by it. */
  firstAt: number;
}

export interface LogReply {
  id: string;
  authorId: string;
  createdAt: number;
  /** Markdown; '' once deleted. */
  body: string;
  mentions: string[];
  editedAt: number | null;
  /** Tombstone: the reply stays (thread order is kept) but its body is gone. */
  deletedAt: number | null;
}

export interface DecisionInfo {
  title: string;
  /** Markdown: why this was decided, alternatives considered. */
  why: string;
  status: DecisionStatus;
  /** The knowledge-base page that records the decision, if any. */
  recordPageId: string | null;
  /** Who last changed the status and when (null while it is still as posted). */
  statusAt: number | null;
  statusBy: string | null;
}

export interface BlockerInfo {
  status: BlockerStatus;
  /** Members who can unblock; they are told about it. */
  canUnblock: string[];
  resolvedAt: number | null;
  resolvedBy: string | null;
}

/** A handoff note's sections, each Markdown. */
export interface HandoffSections {
  /** Where things stand. */
  status: string;
  nextSteps: string;
  watchOut: string;
  /** Links the next person needs (Markdown list). */
  links: string;
}

export interface SummaryInfo {
  /** Local date ("YYYY-MM-DD", team zone) of the Monday of the summarized week. */
  weekStart: string;
}

export interface LogEntryCommon {
  id: string;
  authorId: string;
  /** UTC epoch ms; it also names the doc (`log/<UTC YYYY-MM of createdAt>`). */
  createdAt: number;
  /** The author's IANA zone when writing, so readers can see "written at 23:40 their time". */
  authorZone: string;
  /** Markdown; '' once deleted. */
  body: string;
  checkIn: CheckInAnswer[];
  tags: string[];
  /** Member ids. */
  mentions: string[];
  /** Page ids. */
  links: string[];
  goalId: string | null;
  /** Member ids the entry is addressed to (handoffs: the next person). */
  recipients: string[];
  /** An urgency level id from the space settings, or null. */
  urgency: string | null;
  /** Scheduled delivery (the recipient's start of day), or null for "now". */
  deliverAt: number | null;
  editedAt: number | null;
  /** Tombstone marker: content is cleared, the entry, its acks and replies stay. */
  deletedAt: number | null;
  /** Sorted by time, then member id. */
  acks: LogAck[];
  reactions: LogReaction[];
  /** Oldest first. */
  replies: LogReply[];
}

export interface UpdateEntry extends LogEntryCommon {
  kind: 'update';
}
export interface FyiEntry extends LogEntryCommon {
  kind: 'fyi';
}
export interface DecisionEntry extends LogEntryCommon {
  kind: 'decision';
  decision: DecisionInfo;
}
export interface BlockerEntry extends LogEntryCommon {
  kind: 'blocker';
  blocker: BlockerInfo;
}
export interface HandoffEntry extends LogEntryCommon {
  kind: 'handoff';
  handoff: HandoffSections;
}
export interface SummaryEntry extends LogEntryCommon {
  kind: 'summary';
  summary: SummaryInfo;
}

export type LogEntry = UpdateEntry | FyiEntry | DecisionEntry | BlockerEntry | HandoffEntry | SummaryEntry;

/** Who and what a Markdown body can refer to (from the `space` doc: members and pages index). */
export interface ReferenceDirectory {
  members: readonly { id: string; name: string }[];
  pages: readonly { id: string; title: string; archived?: boolean }[];
}

export interface ExtractedReferences {
  /** Member ids, in order of first appearance. */
  mentions: string[];
  /** Lower-case tags, in order of first appearance. */
  tags: string[];
  /** Page ids, in order of first appearance. */
  links: string[];
  /** `[[Title]]` links that match no page (the UI may offer to create them). */
  unresolvedLinks: string[];
}
