import {
  type JsonAnswer,
  type JsonClient,
  PortalUnavailableError,
  unexpectedAnswer,
} from '../../src/flow/public.js';

/**
 * How the demo portal (like many portals) says "down for a while" with HTTP 200: a maintenance or
 * "busy" notice instead of the page or answer asked for. Such an answer is PortalUnavailableError
 * (wait, nothing alarming), never PortalChangedError (a redesign, "update the flow").
 */
export const UNAVAILABLE_TEXTS: readonly string[] = ['系统维护', '维护中', '系统繁忙', '系统升级'];

/** The notice text found in `text`, if any. */
export function unavailableNotice(text: string | null | undefined): string | undefined {
  if (!text) return undefined;
  return UNAVAILABLE_TEXTS.find((needle) => text.includes(needle));
}

/**
 * The notice in a JSON answer: its top-level strings only (`{ "error": …, "message": … }`), so a
 * course title deep in real data is never taken for one.
 */
export function unavailableInBody(body: unknown): string | undefined {
  if (typeof body === 'string') return unavailableNotice(body);
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  for (const value of Object.values(body)) {
    const found = typeof value === 'string' ? unavailableNotice(value) : undefined;
    if (found) return found;
  }
  return undefined;
}

export function unavailableError(where: string, status: number, notice: string): PortalUnavailableError {
  return new PortalUnavailableError(
    `${where} answered HTTP ${status} with a "${notice}" notice — the portal is down for a while`,
  );
}

/** A JSON client whose answers carrying a maintenance or busy notice throw PortalUnavailableError. */
export function noticeAware(client: JsonClient): JsonClient {
  const check = (answer: JsonAnswer): JsonAnswer => {
    const notice = unavailableInBody(answer.body);
    if (notice) throw unavailableError(answer.label, answer.status, notice);
    return answer;
  };
  const expectOk = (answer: JsonAnswer) => {
    if (answer.status < 200 || answer.status >= 300) throw unexpectedAnswer(answer);
    return answer;
  };
  return {
    request: async (method, path, init) => check(await client.request(method, path, init)),
    get: async (path, schema, init) => expectOk(check(await client.request('GET', path, init))).parse(schema),
    post: async (path, data, schema, init) =>
      expectOk(check(await client.request('POST', path, { ...init, data }))).parse(schema),
  };
}
