import { randomInt } from 'node:crypto';

/**
 * Request bodies and headers of the browser-free request client, serialised as Playwright 1.65
 * does (its client's fetch.ts and its server's fetch.ts / formData.ts):
 * - `data`: a string is sent as is with `content-type: application/octet-stream` — unless the
 *   caller's headers say `application/json`, then it is sent as JSON (as is when it parses, else
 *   quoted); a Buffer as is (octet-stream); anything else as JSON (`application/json`). A caller's
 *   content-type always wins.
 * - `form` (object or FormData of strings) → `application/x-www-form-urlencoded`.
 * - `multipart` (object of string/number/boolean/{name,mimeType,buffer}, or FormData) →
 *   `multipart/form-data` with a WebKit-style boundary.
 */

export type Headers = Record<string, string>;

/** A part this client cannot send (a ReadStream): the caller switches to Playwright. */
export class UnsupportedBodyError extends Error {
  override name = 'UnsupportedBodyError';
}

/** Sets a header case-insensitively, keeping the case of a name already there (Playwright's). */
export function setHeader(headers: Headers, name: string, value: string, keepExisting = false): void {
  const existing = Object.keys(headers).find((key) => key.toLowerCase() === name.toLowerCase());
  if (existing === undefined) headers[name] = value;
  else if (!keepExisting) headers[existing] = value;
}

export function getHeader(headers: Headers, name: string): string | undefined {
  const existing = Object.keys(headers).find((key) => key.toLowerCase() === name.toLowerCase());
  return existing === undefined ? undefined : headers[existing];
}

export function removeHeader(headers: Headers, name: string): void {
  const existing = Object.keys(headers).find((key) => key.toLowerCase() === name.toLowerCase());
  if (existing !== undefined) delete headers[existing];
}

export interface BodyOptions {
  data?: unknown;
  form?: unknown;
  multipart?: unknown;
}

interface FilePart {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

function isFilePayload(value: unknown): value is FilePart {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<FilePart>;
  return Boolean(v.name && v.mimeType && v.buffer);
}

function isJsonContentType(callerHeaders: Headers | undefined): boolean {
  for (const [name, value] of Object.entries(callerHeaders ?? {})) {
    if (name.toLowerCase() === 'content-type') {
      return value.split(';')[0]?.trim().toLowerCase() === 'application/json';
    }
  }
  return false;
}

function isJsonParsable(value: string): boolean {
  try {
    JSON.parse(value);
    return true;
  } catch {
    return false;
  }
}

function objectEntries(map: unknown): [string, string][] {
  return Object.entries(map as Record<string, unknown>).flatMap(([name, value]) =>
    value === undefined ? [] : [[name, String(value)] as [string, string]],
  );
}

/** FormData's entries (the DOM lib here has no DOM.Iterable). */
function formEntries(form: FormData): Iterable<[string, FormDataEntryValue]> {
  return form as unknown as Iterable<[string, FormDataEntryValue]>;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function escapeName(name: string): string {
  return name.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22');
}

function multipartBody(fields: ({ name: string; value: string } | { name: string; file: FilePart })[]): {
  contentType: string;
  body: Buffer;
} {
  let boundary = '----WebKitFormBoundary';
  for (let i = 0; i < 16; i++) boundary += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  const chunks: Buffer[] = [];
  for (const field of fields) {
    const name = escapeName(field.name.replace(/\r\n|\r|\n/g, '\r\n'));
    let head = `--${boundary}\r\ncontent-disposition: form-data; name="${name}"`;
    if ('file' in field) {
      const type = field.file.mimeType || 'application/octet-stream';
      head += `; filename="${escapeName(field.file.name)}"\r\ncontent-type: ${type}`;
    }
    chunks.push(Buffer.from(`${head}\r\n\r\n`));
    chunks.push('file' in field ? field.file.buffer : Buffer.from(field.value));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat(chunks) };
}

async function multipartFields(
  multipart: unknown,
): Promise<({ name: string; value: string } | { name: string; file: FilePart })[]> {
  const fields: ({ name: string; value: string } | { name: string; file: FilePart })[] = [];
  if (multipart instanceof FormData) {
    for (const [name, value] of formEntries(multipart)) {
      if (typeof value === 'string') fields.push({ name, value });
      else {
        const buffer = Buffer.from(await value.arrayBuffer());
        fields.push({ name, file: { name: value.name, mimeType: value.type, buffer } });
      }
    }
    return fields;
  }
  for (const [name, value] of Object.entries(multipart as Record<string, unknown>)) {
    if (isFilePayload(value)) {
      if (!Buffer.isBuffer(value.buffer)) throw new Error(`Unexpected buffer type of 'data.${name}'`);
      fields.push({ name, file: { name: value.name, mimeType: value.mimeType, buffer: value.buffer } });
    } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      fields.push({ name, value: String(value) });
    } else {
      throw new UnsupportedBodyError(`multipart field "${name}" (a stream)`);
    }
  }
  return fields;
}

/**
 * The body to send for these options, setting content-type (unless the caller set one) and
 * content-length in `headers`. `callerHeaders` are the caller's own, for the JSON rule of strings.
 */
export async function serializeBody(
  options: BodyOptions,
  headers: Headers,
  callerHeaders: Headers | undefined,
): Promise<Buffer | undefined> {
  const given = [options.data, options.form, options.multipart].filter((v) => v !== undefined).length;
  if (given > 1) throw new Error("Only one of 'data', 'form' or 'multipart' can be specified");
  let body: Buffer | undefined;
  let contentType: string | undefined;
  const { data, form, multipart } = options;
  if (data !== undefined) {
    if (typeof data === 'string' && isJsonContentType(callerHeaders)) {
      body = Buffer.from(isJsonParsable(data) ? data : JSON.stringify(data), 'utf8');
      contentType = 'application/json';
    } else if (typeof data === 'string' || Buffer.isBuffer(data)) {
      body = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      contentType = 'application/octet-stream';
    } else if (typeof data === 'object' || typeof data === 'number' || typeof data === 'boolean') {
      body = Buffer.from(JSON.stringify(data), 'utf8');
      contentType = 'application/json';
    } else {
      throw new Error(`Unexpected 'data' type`);
    }
  } else if (form) {
    const search = new URLSearchParams();
    if (form instanceof FormData) {
      for (const [name, value] of formEntries(form)) {
        if (typeof value !== 'string') {
          throw new Error(
            `Expected string for options.form["${name}"], found File. Please use options.multipart instead.`,
          );
        }
        search.append(name, value);
      }
    } else {
      for (const [name, value] of objectEntries(form)) search.append(name, value);
    }
    body = Buffer.from(search.toString(), 'utf8');
    contentType = 'application/x-www-form-urlencoded';
  } else if (multipart) {
    const encoded = multipartBody(await multipartFields(multipart));
    body = encoded.body;
    contentType = encoded.contentType;
  }
  if (!body || !contentType) return undefined;
  setHeader(headers, 'content-type', contentType, true);
  setHeader(headers, 'content-length', String(body.byteLength));
  return body;
}

/** `params` added to the URL's query as Playwright does (a string or URLSearchParams appended raw). */
export function addParams(url: URL, params: unknown): void {
  if (params === undefined || params === null) return;
  if (typeof params === 'string' || params instanceof URLSearchParams) {
    const encoded = params.toString().replace(/^\?/, '');
    if (encoded) url.search = url.search ? `${url.search}&${encoded}` : encoded;
    return;
  }
  for (const [name, value] of objectEntries(params)) url.searchParams.append(name, value);
}
