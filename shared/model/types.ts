/** Plain-data views of what the `space` doc holds. The doc is the truth; these are read from it. */

/** Luxon weekday numbers: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export type MemberRole = 'owner' | 'writer' | 'reader';

export interface Member {
  id: string;
  name: string;
  /** IANA zone id, e.g. "America/New_York". */
  timeZone: string;
  workdays: Weekday[];
  /** "HH:mm", local to `timeZone`. */
  workStart: string;
  workEnd: string;
  role: MemberRole;
  joinedAt: number;
  /** Daily pauses, "HH:mm" local to `timeZone` (set with `setMemberSchedule`, member-schedule.ts). */
  breaks?: { start: string; end: string }[];
  /** Local dates ("YYYY-MM-DD") on which the member does not work. */
  timeOff?: string[];
}

export interface PageMeta {
  id: string;
  title: string;
  parentId: string | null;
  /** Sibling order; fractional so a move between two pages touches one page. */
  order: number;
  icon: string;
  ownerId: string;
  /** Days between reviews; null means "never". */
  reviewEveryDays: number | null;
  verifiedAt: number | null;
  verifiedBy: string | null;
  archived: boolean;
  createdAt: number;
  createdBy: string;
  updatedAt: number;
  updatedBy: string;
}

export interface UrgencyLevel {
  id: string;
  label: string;
  /** Expected response time in working minutes of the recipient. */
  responseWorkingMinutes: number;
}

export interface SpaceSettings {
  schemaVersion: number;
  spaceName: string;
  urgencyLevels: UrgencyLevel[];
  checkInQuestions: string[];
  retroEveryWeeks: number;
  handoffReminderMinutesBeforeEnd: number;
}
