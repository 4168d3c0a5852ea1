import { PortalChangedError } from '../core/errors.js';

/**
 * What a reader of portal answers throws when the answer is not what the flow expected to read.
 * Each is a PortalChangedError (an operator must look; never read as "full" or "logged out") with
 * its own stable code, and names the URL (without its query, which may carry a token) and what was
 * expected, so the message alone says where to look.
 */

/** The answer declares a charset no decoder knows (`charset=x-unknown`). */
export class UnknownCharsetError extends PortalChangedError {
  override name = 'UnknownCharsetError';
  override readonly code: string = 'E_UNKNOWN_CHARSET';
  constructor(
    readonly url: string,
    readonly charset: string,
    readonly declaredIn: 'Content-Type' | 'meta',
  ) {
    super(
      `${url} declares charset "${charset}" (in its ${declaredIn}), which no decoder here knows — ` +
        'expected a WHATWG encoding label such as utf-8, gbk, gb18030 or big5; has the portal changed?',
    );
  }
}

/** An answer read as an HTML page is something else (JSON, an image, an empty body). */
export class NotHtmlError extends PortalChangedError {
  override name = 'NotHtmlError';
  override readonly code: string = 'E_NOT_HTML';
}

/** The page has no element (form, table, …) the flow asked for. */
export class ElementNotFoundError extends PortalChangedError {
  override name = 'ElementNotFoundError';
  override readonly code: string = 'E_ELEMENT_NOT_FOUND';
}

/** An answer read as JSON is not JSON (or not the JSON expected). */
export class NotJsonError extends PortalChangedError {
  override name = 'NotJsonError';
  override readonly code: string = 'E_NOT_JSON';
  constructor(
    message: string,
    readonly status: number,
    /** A short, scrubbed start of the answer, for the operator. */
    readonly excerpt: string,
  ) {
    super(message);
  }
}

/** The URL without query string or fragment, for messages (a query may carry a token). */
export function urlForMessage(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return url.split(/[?#]/, 1)[0] ?? url;
  }
}
