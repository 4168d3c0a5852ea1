import { createRuntimeSender } from '../app/alerts/notify.js';
import { createHoldDecider } from '../app/holds/hold-decisions.js';
import { acquireStoreLock } from '../app/process/process-lock.js';
import type { Runtime } from '../app/runtime/runtime.js';
import { type HoldSummary, summarise } from '../app/status/status.js';
import { ExitCode } from '../core/errors.js';
import { holdKindOf } from '../flow/types.js';
import { catalogue } from '../i18n/catalogue.js';
import { ExitRequest } from './exit.js';
import { configLocale, openRuntime, print } from './shared.js';
import { localTime } from './status.js';

export interface HoldsOptions {
  json?: boolean;
}

/** How long the decision's alert may take to go out before the command gives up and leaves it queued. */
const DELIVERY_BUDGET_MS = 30_000;

function refuse(code: number, message: string): never {
  process.stderr.write(`jianlou: ${message}\n`);
  throw new ExitRequest(code);
}

/**
 * `holds` / `holds list` is read-only (store only). `holds approve|release ID` is destructive: it
 * makes the same decision as the alert links, through the same decider (at most one order per hold).
 */
export async function holdsCommand(
  configFile: string,
  action: string | undefined,
  id: string | undefined,
  opts: HoldsOptions,
): Promise<void> {
  // Usage errors come before the runtime: the config's language is read from the file alone.
  const words = () => catalogue(configLocale(configFile)).cli.holdsList;
  if (action !== undefined && action !== 'list' && action !== 'approve' && action !== 'release') {
    refuse(ExitCode.badInput, words().unknownAction(action));
  }
  if ((action === 'approve' || action === 'release') && !id) {
    refuse(ExitCode.badInput, words().needsId(action));
  }
  if ((action === undefined || action === 'list') && id) {
    refuse(ExitCode.badInput, words().unexpectedArgument(id));
  }
  const { rt } = await openRuntime(configFile);
  let code: number = ExitCode.ok;
  try {
    code =
      action === 'approve' || action === 'release'
        ? await decide(rt, action, id as string, opts)
        : await list(rt, opts);
  } finally {
    await rt.close();
  }
  if (code !== ExitCode.ok) throw new ExitRequest(code);
}

interface HoldRow extends HoldSummary {
  child: { id: string; name: string };
  accountId: string;
  createdAt: string;
}

async function list(rt: Runtime, opts: HoldsOptions): Promise<number> {
  const rows: HoldRow[] = (await rt.repos.holds.list()).map((h) => ({
    ...summarise(h, rt.config.locale),
    child: { id: h.childId, name: rt.config.children.find((c) => c.id === h.childId)?.name ?? h.childId },
    accountId: h.accountId,
    createdAt: h.createdAt,
  }));
  if (opts.json) {
    print(JSON.stringify({ holds: rows }, null, 2));
    return ExitCode.ok;
  }
  const text = catalogue(rt.config.locale);
  const w = text.cli.holdsList;
  if (rows.length === 0) {
    print(w.none);
    return ExitCode.ok;
  }
  const tz = rt.config.timezone;
  // A kind the portal keeps until someone decides has no expiry to show: say so plainly.
  const kept = !holdKindOf(rt.flow).expires;
  for (const h of rows) {
    print(`${h.id}`);
    print(
      w.line(
        h.child.name,
        h.child.id,
        `${h.courseId}${h.title ? ` ${h.title}` : ''}`,
        text.cli.status.holdStatus(h.status),
        (h.expiresAt
          ? w.expires(localTime(h.expiresAt, tz))
          : kept
            ? `  ${text.hold.keptByPortal}`
            : w.expiresUnknown) +
          (h.decidedBy ? w.decided(h.decidedBy, localTime(h.decidedAt, tz)) : '') +
          (h.orderId ? w.order(h.orderId) : '') +
          (h.error ? `  (${h.error})` : ''),
      ),
    );
  }
  const waiting = rows.filter((h) => h.status === 'held').length;
  if (waiting > 0) print(w.waiting(waiting));
  return ExitCode.ok;
}

async function decide(
  rt: Runtime,
  action: 'approve' | 'release',
  id: string,
  opts: HoldsOptions,
): Promise<number> {
  const tz = rt.config.timezone;
  const words = catalogue(rt.config.locale).cli.holdsList;
  const record = await rt.repos.holds.get(id);
  if (!record) refuse(ExitCode.badInput, words.noHold(id));
  if (!record.portal) {
    refuse(ExitCode.unexpected, words.neverMade(id, record.error ?? record.status, action));
  }
  const result = await createHoldDecider(rt).decide(id, action, { via: 'cli' });
  const view = result.view;
  const what = `${view.child.name} ${view.observation.courseId} ${view.observation.title}`;
  let delivery: { sent: number; deferred: number; failed: number } | undefined;
  // A decision the portal refused is told to the group as well (the decider queued its alert).
  if (result.outcome === 'approved' || result.outcome === 'released' || result.outcome === 'failed') {
    // With `jianlou watch` running on this store, its sender delivers the alert (one drainer per store).
    const lock = acquireStoreLock(rt.config.store.lockPath);
    if (lock.acquired) {
      try {
        const sender = createRuntimeSender(rt);
        delivery = await sender.drain({ until: new Date(rt.now().getTime() + DELIVERY_BUDGET_MS) });
      } finally {
        lock.release();
      }
    } else {
      process.stderr.write(`${catalogue(rt.config.locale).cli.holds.watchDelivers(lock.heldBy)}\n`);
    }
  }
  const code =
    result.outcome === 'approved' || result.outcome === 'released' ? ExitCode.ok : ExitCode.unexpected;
  if (opts.json) {
    print(
      JSON.stringify(
        {
          holdId: id,
          action,
          outcome: result.outcome,
          hold: view,
          detail: result.detail ?? null,
          delivery: delivery ?? null,
        },
        null,
        2,
      ),
    );
    return code;
  }
  const m = catalogue(rt.config.locale);
  const t = m.cli.holds;
  const at = (iso: string | null | undefined) => localTime(iso ?? undefined, tz);
  switch (result.outcome) {
    case 'approved':
      // A registration the portal made final when it was held: approving changed nothing there.
      print(
        view.order || view.holdKind?.kind !== 'registration'
          ? t.approved(what, view.order?.id)
          : t.kept(what, m.alerts.holdResult.keptNote(view.holdKind)),
      );
      break;
    case 'released':
      print(t.released(what));
      break;
    case 'already':
      process.stderr.write(
        `${t.already(id, m.pages.status[view.status], view.decidedBy, view.decidedBy ? at(view.decidedAt) : undefined, view.order?.id)}\n`,
      );
      break;
    case 'expired':
      process.stderr.write(`${t.expired(id, at(view.hold.expiresAt))}\n`);
      break;
    case 'failed':
      process.stderr.write(`${t.failed(action, id, result.detail ?? '?')}\n`);
      break;
  }
  if (delivery) print(delivery.deferred ? t.deferred(delivery.deferred) : t.delivered(delivery.sent));
  return code;
}
