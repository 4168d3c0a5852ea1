import { createHash } from 'node:crypto';
import { type Html, html, raw } from '../core/html.js';

/** "12:05" or "1:02:05"; the page script formats the live countdown the same way. */
export function formatRemaining(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;background:#f2f3f5;color:#1f2329;font:17px/1.5 -apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",system-ui,sans-serif;-webkit-text-size-adjust:100%}
main{max-width:480px;margin:0 auto;padding:16px}
.card{background:#fff;border-radius:14px;padding:20px 18px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
.brand{color:#646a73;font-size:14px;margin:0 0 8px}
h1{font-size:24px;line-height:1.3;margin:0 0 12px}
.action{font-size:28px;font-weight:700;line-height:1.3;margin:8px 0 4px}
.note{font-size:16px;color:#51565d;margin:0 0 16px}
dl{display:grid;grid-template-columns:auto 1fr;gap:8px 14px;margin:16px 0}
dt{color:#646a73;white-space:nowrap}
dd{margin:0;font-weight:600;word-break:break-word}
.big{font-size:20px}
.countdown{font-variant-numeric:tabular-nums;color:#d83931}
button{display:block;width:100%;min-height:60px;margin:20px 0 8px;border:0;border-radius:12px;font-size:22px;font-weight:700;color:#fff;background:#1f7a3f;cursor:pointer}
button:disabled{opacity:.6}
.release .action{color:#c2410c}
.release button{background:#c2410c}
.approve .action{color:#1f7a3f}
.ok h1{color:#1f7a3f}
.warn h1{color:#c2410c}
.error h1{color:#d83931}
.small{font-size:14px;color:#646a73}
ol{padding-left:22px;margin:8px 0}
li{margin:6px 0}
.order{font-size:22px;font-weight:700;letter-spacing:.5px}
.pay{font-size:20px;font-weight:700;margin:12px 0;padding:12px 14px;border-radius:10px;background:#eaf5ee;color:#1f7a3f}
`;

// Static on purpose: the CSP pins it by hash; per-page values travel in data-* attributes.
const SCRIPT = `(function(){
var el=document.getElementById('time-left');
if(el){var end=Date.now()+Number(el.getAttribute('data-remaining-ms'));var over=el.getAttribute('data-over')||'';
var pad=function(n){return (n<10?'0':'')+n};
var tick=function(){var ms=end-Date.now();if(ms<=0){el.textContent=over;return}
var s=Math.floor(ms/1000),h=Math.floor(s/3600),m=Math.floor(s%3600/60);
el.textContent=h>0?h+':'+pad(m)+':'+pad(s%60):m+':'+pad(s%60);setTimeout(tick,(ms%1000)||1000)};tick()}
var f=document.getElementById('decide');
if(f){f.addEventListener('submit',function(){var b=f.querySelector('button');if(b){setTimeout(function(){b.disabled=true},0)}})}
})();`;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/**
 * The policy of a page of the approval server (the approval pages, the relayed login page): nothing
 * from outside, no inline handlers, no framing; its one style and one script allowed by hash, and
 * only the images, requests and form targets `allow` names.
 */
export function pinnedPolicy(
  page: { style: string; script: string },
  allow: { img: string; connect?: string; formAction: string },
): string {
  return [
    "default-src 'none'",
    `style-src ${sha256(page.style)}`,
    `script-src ${sha256(page.script)}`,
    `img-src ${allow.img}`,
    ...(allow.connect ? [`connect-src ${allow.connect}`] : []),
    `form-action ${allow.formAction}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/** The approval pages: inline images only, forms post back to the server. */
export const CONTENT_SECURITY_POLICY = pinnedPolicy(
  { style: STYLE, script: SCRIPT },
  { img: 'data:', formAction: "'self'" },
);

export type Tone = 'approve' | 'release' | 'ok' | 'warn' | 'error' | 'plain';

export function layout(options: {
  lang: string;
  title: string;
  brand: string;
  tone: Tone;
  body: Html;
  script?: boolean;
}): string {
  return html`<!doctype html>
<html lang="${options.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>${options.title} · ${options.brand}</title>
<style>${raw(STYLE)}</style>
</head>
<body>
<main><div class="card ${options.tone}">
<p class="brand">${options.brand}</p>
${options.body}
</div></main>${options.script ? html`\n<script>${raw(SCRIPT)}</script>` : ''}
</body>
</html>
`.value;
}
