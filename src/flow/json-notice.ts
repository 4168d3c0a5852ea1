import type { z } from 'zod';
import { PortalChangedError } from '../core/errors.js';
import { PortalHttpError } from './http.js';
import { errorMessageOf } from './json-answer.js';
import { judgeAnswer, type PortalSignals } from './portal-signals.js';
import { checkShape } from './shape.js';

/**
 * A 2xx JSON answer that is not the data asked for but a notice — `{"error":"maintenance","message":
 * "系统维护中，请稍后再试。"}`, as portals (and the proxies in front of them) answer with HTTP 200 while
 * down for a while — is "unavailable", not "changed" (issue 26): its own words (`message`, `msg`,
 * `errmsg`…) are read against the kit's maintenance/busy phrases and the flow's `unavailable.text`.
 * Only an answer that does not fit the schema is read so: data that fits is never second-guessed.
 */
export function unavailableNotice(body: unknown, signals: PortalSignals = {}): string | undefined {
  const said = errorMessageOf(body);
  if (!said) return undefined;
  const verdict = judgeAnswer(
    { status: 200, text: said, messages: [said] },
    { unavailable: signals.unavailable },
  );
  return verdict?.kind === 'unavailable' ? verdict.why : undefined;
}

/** checkShape, except that a notice answer is PortalHttpError (a PortalUnavailableError). */
export function checkShapeOrNotice<S extends z.ZodType>(
  schema: S,
  body: unknown,
  answer: { label: string; status: number },
  signals: PortalSignals = {},
): z.infer<S> {
  try {
    return checkShape(schema, body, answer.label);
  } catch (error) {
    const why = error instanceof PortalChangedError ? unavailableNotice(body, signals) : undefined;
    if (why === undefined) throw error;
    throw new PortalHttpError(
      `${answer.label}: the answer ${why} (the portal is unavailable for now)`,
      answer.status,
    );
  }
}
