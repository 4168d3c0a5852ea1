import type { ProblemKind, SeatState } from '../core/types.js';
import type { ZonedParts } from './format.js';
import { en } from './messages-en.js';
import { zh } from './messages-zh.js';

export type Locale = 'zh' | 'en';

/** Every parent-facing string of the notifier, one implementation per locale. */
export interface Messages {
  locale: Locale;
  /** Card source line. */
  brand: string;
  weekday(n: number): string;
  dateTime(p: ZonedParts): string;
  time(p: ZonedParts): string;
  /** "a: b" joiner between a label and its value. */
  colon: string;
  /** Joiner between list items, e.g. clashes. */
  listSep: string;
  seats(n: number | null): string;
  seatState(s: SeatState): string;
  problemKind(k: ProblemKind): string;
  /** Header of a continuation chunk when a long message is split. */
  continued(index: number, total: number): string;
  key: {
    seats: string;
    schedule: string;
    campus: string;
    seenAt: string;
    expiresAt: string;
    state: string;
    since: string;
    recoveredAt: string;
    account: string;
    order: string;
    by: string;
    time: string;
    teacher: string;
    fee: string;
  };
  link: { course: string; approve: string; release: string; status: string };
  opening: {
    title(course: string): string;
    clashes(list: string): string;
    holdSkipped(reason: string): string;
    ping(child: string, course: string, seats: string): string;
  };
  gone: { title(course: string): string };
  holdMade: {
    title(course: string): string;
    decideBy(child: string, until: string | null): string;
    emphasisLabel: string;
    noExpiry: string;
    explain: string;
    ping(child: string, course: string, until: string | null): string;
  };
  holdFailed: {
    title(course: string): string;
    reason(reason: string): string;
    manual: string;
    ping(child: string, course: string): string;
  };
  holdReminder: {
    title(course: string): string;
    ping(child: string, course: string, until: string | null): string;
  };
  holdResult: {
    title(outcome: 'approved' | 'released' | 'expired' | 'failed', course: string): string;
    note(outcome: 'approved' | 'released' | 'expired' | 'failed'): string;
  };
  problem: {
    title(kind: ProblemKind): string;
    reminderPrefix: string;
    runCommand(command: string): string;
    ping(kind: ProblemKind, account: string): string;
  };
  recovered: { title(kind: ProblemKind): string };
  daily: {
    title: string;
    line(checks: number, sessions: string, next: string): string;
    sessionsOk: string;
    sessionsBad(accounts: string): string;
    openings(n: number): string;
    noNextCheck: string;
  };
  test: { title: string; body: string };
  burst: {
    title(n: number): string;
    ping(n: number): string;
  };
}

export function messagesFor(locale: Locale = 'zh'): Messages {
  return locale === 'en' ? en : zh;
}
