import { describe, expect, it } from 'vitest';
import { escapeHtml, html, raw } from '../../src/core/html.js';

describe('html tagged template', () => {
  it('escapes every interpolated value, in text and attributes', () => {
    const evil = `<script>alert("x")</script>&'`;
    expect(html`<p title="${evil}">${evil}</p>`.value).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;</p>',
    );
  });

  it('keeps nested templates and raw() fragments as they are, escaping only once', () => {
    const inner = html`<b>${'a&b'}</b>`;
    expect(html`<p>${inner}${raw('<br>')}</p>`.value).toBe('<p><b>a&amp;b</b><br></p>');
  });

  it('joins arrays and drops null, undefined and false', () => {
    expect(html`<ul>${['<1>', html`<li>2</li>`]}${null}${undefined}${false}${0}</ul>`.value).toBe(
      '<ul>&lt;1&gt;<li>2</li>0</ul>',
    );
  });

  it('escapeHtml turns anything into safe text', () => {
    expect(escapeHtml(undefined)).toBe('');
    expect(escapeHtml(12)).toBe('12');
    expect(escapeHtml('"\'<>&')).toBe('&quot;&#39;&lt;&gt;&amp;');
  });
});
