import type { CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import iconv from 'iconv-lite';
import { UnknownCharsetError, urlForMessage } from './read-errors.js';

/**
 * A page's form as a browser submits it (the HTML standard's "constructing the entry list", with
 * no submit button pressed): named, enabled controls; checkboxes and radios only when checked
 * (`on` without a value); a select's selected options, or its first option; a textarea's text;
 * no buttons, files or images. Hidden fields (`__VIEWSTATE`, `__EVENTVALIDATION`, CSRF tokens) are
 * kept as the page gave them, ready to post back.
 */

export interface HtmlForm {
  /** Where it posts, absolute (the page's URL when the form has no action). */
  readonly action: string;
  readonly method: 'GET' | 'POST';
  /** `application/x-www-form-urlencoded` unless the form says otherwise. */
  readonly enctype: string;
  /** The charset fields are sent in: the form's `accept-charset` if known, else the page's. */
  readonly charset: string;
  /** The page the form is on (sent as Referer when it is submitted, as a browser does). */
  readonly pageUrl: string;
  /** The form's `id` or `name`, '' without either (for messages). */
  readonly id: string;
  /** What a browser would submit, in order; a repeated name appears once per field. */
  readonly entries: readonly (readonly [string, string])[];
  /** The same, by name (the last field of a repeated name wins). */
  readonly fields: Readonly<Record<string, string>>;
  /** The `type=hidden` fields alone, by name. */
  readonly hidden: Readonly<Record<string, string>>;
  /** Submit buttons (a flow presses one by adding its name and value). */
  readonly buttons: readonly { name: string; value: string }[];
  /**
   * The entries with `values` applied: a name already there takes the new value (its first field;
   * further fields of that name go), a new name is added, `undefined` removes the name.
   */
  fill(values: Readonly<Record<string, string | number | undefined>>): [string, string][];
}

const SKIPPED_INPUTS = new Set(['submit', 'image', 'button', 'reset', 'file']);

/** An option's `value` attribute, else its text with whitespace collapsed (the HTML standard's option value). */
function optionValue($: CheerioAPI, option: Element): string {
  // Not `$(option).attr('value')`: cheerio answers an option's raw text for it, whitespace and all.
  const value = option.attribs.value;
  return value ?? $(option).text().replace(/\s+/g, ' ').trim();
}

function entriesOf(
  $: CheerioAPI,
  form: Element,
): {
  entries: [string, string][];
  hidden: Record<string, string>;
  buttons: { name: string; value: string }[];
} {
  const entries: [string, string][] = [];
  const hidden: Record<string, string> = {};
  const buttons: { name: string; value: string }[] = [];
  const id = $(form).attr('id');
  const inside = $(form).find('input, select, textarea, button');
  const controls = id ? inside.add($(`[form="${id.replace(/["\\]/g, '\\$&')}"]`)) : inside;
  for (const control of controls.toArray()) {
    const $c = $(control);
    const name = $c.attr('name');
    if (!name || $c.is('[disabled]') || $c.closest('fieldset[disabled]').length > 0) continue;
    const tag = control.tagName.toLowerCase();
    const kind = type($c.attr('type'));
    if (tag === 'button' || (tag === 'input' && (kind === 'submit' || kind === 'image'))) {
      // A <button> without a type (or with an unknown one) is a submit button, as in a browser.
      if (kind !== 'button' && kind !== 'reset') buttons.push({ name, value: $c.attr('value') ?? '' });
      continue;
    }
    if (tag === 'select') {
      // As a browser: the selected options (of a single select the last), else its first enabled
      // option; a disabled option is never sent (a `selected disabled` placeholder sends nothing).
      const options = $c.find('option').toArray();
      const enabled = (option: Element) => !$(option).is('[disabled]');
      const selected = options.filter((o) => $(o).is('[selected]'));
      const multiple = $c.is('[multiple]');
      const chosen =
        selected.length > 0
          ? multiple
            ? selected
            : selected.slice(-1)
          : multiple
            ? []
            : options.filter(enabled).slice(0, 1);
      for (const option of chosen.filter(enabled)) entries.push([name, optionValue($, option)]);
      continue;
    }
    if (tag === 'textarea') {
      // The parser already dropped a newline right after the tag (the HTML standard): a second is the value's.
      entries.push([name, $c.text()]);
      continue;
    }
    if (SKIPPED_INPUTS.has(kind)) continue;
    if ((kind === 'checkbox' || kind === 'radio') && !$c.is('[checked]')) continue;
    // cheerio already reads a checkbox or radio without a value as "on" (as Chromium posts it).
    const value = $c.attr('value') ?? '';
    entries.push([name, value]);
    if (kind === 'hidden') hidden[name] = value;
  }
  return { entries, hidden, buttons };
}

function type(value: string | undefined): string {
  return (value ?? 'text').trim().toLowerCase();
}

function knownCharset(label: string): string | undefined {
  try {
    return new TextDecoder(label).encoding;
    // Stryker disable next-line BlockStatement: an empty catch returns undefined as well
  } catch {
    return undefined;
  }
}

export function readForm($: CheerioAPI, form: Element, pageUrl: string, pageCharset: string): HtmlForm {
  const $f = $(form);
  const { entries, hidden, buttons } = entriesOf($, form);
  const accept = $f
    .attr('accept-charset')
    ?.split(/[\s,]+/)
    .map(knownCharset)
    .find((c) => c !== undefined);
  const actionAttr = $f.attr('action')?.trim();
  let action = pageUrl;
  try {
    if (actionAttr) action = new URL(actionAttr, pageUrl).toString();
  } catch {
    // A malformed action: the browser submits to the page itself, and so do we.
  }
  return {
    action,
    method: $f.attr('method')?.trim().toLowerCase() === 'post' ? 'POST' : 'GET',
    enctype: ($f.attr('enctype') ?? 'application/x-www-form-urlencoded').trim().toLowerCase(),
    charset: accept ?? pageCharset,
    pageUrl,
    id: $f.attr('id') ?? $f.attr('name') ?? '',
    entries,
    fields: Object.fromEntries(entries),
    hidden,
    buttons,
    fill: (values) => fillEntries(entries, values),
  };
}

/** The entries with values applied (see HtmlForm.fill). */
export function fillEntries(
  entries: readonly (readonly [string, string])[],
  values: Readonly<Record<string, string | number | undefined>>,
): [string, string][] {
  const result: [string, string][] = [];
  const done = new Set<string>();
  for (const [name, value] of entries) {
    // Own names only: a field named `toString` or `constructor` is not filled with a function.
    if (!Object.hasOwn(values, name)) {
      result.push([name, value]);
      continue;
    }
    const given = values[name];
    if (given === undefined || done.has(name)) continue;
    done.add(name);
    result.push([name, String(given)]);
  }
  for (const [name, given] of Object.entries(values)) {
    // A name of the form was filled above, or removed (undefined): only new names are added here.
    if (given !== undefined && !done.has(name)) {
      result.push([name, String(given)]);
    }
  }
  return result;
}

/** Bytes of one string in the charset; a character it cannot hold becomes `&#N;`, as browsers send it. */
export function encodeText(text: string, charset: string, url = ''): Buffer {
  const normalized = text.replace(/\r\n|\r|\n/g, '\r\n');
  if (charset === 'utf-8') return Buffer.from(normalized, 'utf8');
  if (!iconv.encodingExists(charset)) throw new UnknownCharsetError(urlForMessage(url), charset, 'meta');
  const chunks: Buffer[] = [];
  for (const char of normalized) {
    if (char.charCodeAt(0) < 0x80) {
      chunks.push(Buffer.from(char, 'latin1'));
      continue;
    }
    const bytes = iconv.encode(char, charset);
    const fits = iconv.decode(bytes, charset) === char;
    chunks.push(fits ? bytes : Buffer.from(`&#${char.codePointAt(0)};`, 'latin1'));
  }
  return Buffer.concat(chunks);
}

/** The urlencoded byte serializer of the URL standard: `*-._`, digits and letters kept, space as `+`. */
function percentEncode(bytes: Buffer): string {
  let out = '';
  for (const byte of bytes) {
    if (
      byte === 0x2a ||
      byte === 0x2d ||
      byte === 0x2e ||
      byte === 0x5f ||
      (byte >= 0x30 && byte <= 0x39) ||
      (byte >= 0x41 && byte <= 0x5a) ||
      (byte >= 0x61 && byte <= 0x7a)
    ) {
      out += String.fromCharCode(byte);
    } else if (byte === 0x20) {
      out += '+';
    } else {
      out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
  }
  return out;
}

/**
 * `application/x-www-form-urlencoded` in the given charset, as a browser encodes a form of a page
 * in that charset (a GBK page's `少儿` goes as `%C9%D9%B6%F9`). Also a GET form's query string.
 */
export function encodeForm(
  entries: readonly (readonly [string, string])[],
  charset = 'utf-8',
  url = '',
): string {
  return entries
    .map(
      ([name, value]) =>
        `${percentEncode(encodeText(name, charset, url))}=${percentEncode(encodeText(value, charset, url))}`,
    )
    .join('&');
}
