import { checkCronText } from '../core/cron-fields.js';
import { cronProblem } from './cron-words.js';
import type { InterpolationIssue } from './interpolate.js';
import { DEFAULT_CRON } from './schema.js';

/**
 * The checks across fields of a config (ids unique, references known, what a rule needs elsewhere in
 * the file) and `schedule.cron`, run on the raw tree even when fields failed: every problem at once.
 */
export function crossCheck(raw: unknown): InterpolationIssue[] {
  return crossCheckLoose(loose(raw));
}

interface LooseConfig {
  accounts: { id?: string }[];
  children: { id?: string; account?: string; studentId?: string }[];
  targets: { id?: string; child?: string; autoHold?: boolean; defaultId?: string | undefined }[];
  approval?: unknown;
  schedule: { cron: string; force: boolean };
}

/** A best-effort view of the raw tree for cross checks (fields of the wrong type are ignored). */
function loose(raw: unknown): LooseConfig {
  const obj = (raw ?? {}) as Record<string, unknown>;
  const list = (v: unknown) =>
    (Array.isArray(v) ? v : []).map((item) => {
      const o = (item && typeof item === 'object' ? item : {}) as Record<string, unknown>;
      const str = (k: string) => (typeof o[k] === 'string' ? (o[k] as string) : undefined);
      const first = Array.isArray(o.courses) && typeof o.courses[0] === 'string' ? o.courses[0] : undefined;
      return {
        id: str('id'),
        account: str('account'),
        studentId: str('studentId'),
        child: str('child'),
        autoHold: o.autoHold === true,
        // A target without an id gets "<child>-<first course>", which may collide with another.
        defaultId: str('child') && first ? `${str('child')}-${first}` : undefined,
      };
    });
  const schedule = (obj.schedule ?? {}) as Record<string, unknown>;
  return {
    accounts: list(obj.accounts),
    children: list(obj.children),
    targets: list(obj.targets),
    approval: obj.approval,
    schedule: {
      cron: typeof schedule.cron === 'string' ? schedule.cron : DEFAULT_CRON,
      force: schedule.force === true,
    },
  };
}

function crossCheckLoose(config: LooseConfig): InterpolationIssue[] {
  const issues: InterpolationIssue[] = [];
  const dupes = (list: { id?: string; defaultId?: string | undefined }[], where: string) => {
    const seen = new Set<string>();
    list.forEach((item, i) => {
      const id = item.id ?? item.defaultId;
      if (id === undefined) return;
      if (seen.has(id)) {
        issues.push({
          path: `${where}.${i}.id`,
          message:
            item.id === undefined
              ? `duplicate id "${id}" (the default <child>-<first course>): give this target its own id`
              : `duplicate id "${id}"`,
          words: { code: 'duplicate_id', id, defaulted: item.id === undefined },
        });
      }
      seen.add(id);
    });
  };
  dupes(config.accounts, 'accounts');
  dupes(config.children, 'children');
  dupes(config.targets, 'targets');
  const accounts = new Set(config.accounts.flatMap((a) => (a.id ? [a.id] : [])));
  const children = new Set(config.children.flatMap((c) => (c.id ? [c.id] : [])));
  config.children.forEach((c, i) => {
    if (c.account !== undefined && !accounts.has(c.account)) {
      issues.push({
        path: `children.${i}.account`,
        message: `unknown account "${c.account}" (known: ${[...accounts].join(', ')})`,
        words: { code: 'unknown_account', id: c.account, known: [...accounts] },
      });
    }
    // Without a studentId a hold is matched to the account's only child: with two, nobody can tell.
    const siblings = config.children.filter((x) => x.account === c.account).length;
    if (c.studentId === undefined && c.account !== undefined && siblings > 1) {
      issues.push({
        path: `children.${i}.studentId`,
        message: `account "${c.account}" has ${siblings} children: give each its studentId (the portal's id for the child); only an account with one child may leave it out`,
        words: { code: 'student_id_needed', account: c.account, children: siblings },
      });
    }
  });
  config.targets.forEach((t, i) => {
    if (t.child !== undefined && !children.has(t.child)) {
      issues.push({
        path: `targets.${i}.child`,
        message: `unknown child "${t.child}" (known: ${[...children].join(', ')})`,
        words: { code: 'unknown_child', id: t.child, known: [...children] },
      });
    }
    if (t.autoHold && !config.approval) {
      issues.push({
        path: `targets.${i}.autoHold`,
        message:
          'autoHold needs an `approval` section (listen, publicUrl, secret) so parents can approve or release',
        words: { code: 'autohold_needs_approval' },
      });
    }
  });
  issues.push(...checkCron(config.schedule));
  return issues;
}

/**
 * `schedule.cron` in jianlou's one cron dialect (src/core/cron-fields.ts), which also allows a leading
 * seconds field; polling more than once a minute is refused unless forced.
 */
export function checkCron(schedule: { cron: string; force: boolean }): InterpolationIssue[] {
  const fields = checkCronText(schedule.cron, { seconds: true });
  if (typeof fields === 'string') {
    const text = `"${schedule.cron.trim()}"`;
    const why = fields.startsWith(`${text} `) ? `it${fields.slice(text.length)}` : fields;
    return [
      {
        path: 'schedule.cron',
        message: `${text} is not a valid cron expression: ${why}`,
        words: { code: 'cron_invalid', cron: schedule.cron.trim(), why: cronProblem(fields) },
      },
    ];
  }
  if (fields.second.size > 1 && !schedule.force) {
    return [
      {
        path: 'schedule.cron',
        message:
          'polls more often than once a minute, which is impolite to the portal; use a 5-field cron ' +
          '(at most once a minute) or set schedule.force: true for your own test portal',
        words: { code: 'cron_too_often' },
      },
    ];
  }
  return [];
}
