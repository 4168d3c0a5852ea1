/** The languages parents can read jianlou in (the config's `locale`). */
export type Locale = 'zh' | 'en';

export const LOCALES = ['zh', 'en'] as const satisfies readonly Locale[];

/** Wall-clock parts of an instant in a time zone, as the catalogues format them. */
export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  /** 1 = Monday … 7 = Sunday (the Schedule convention of core/types). */
  weekday: number;
  hour: number;
  minute: number;
}

export function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
