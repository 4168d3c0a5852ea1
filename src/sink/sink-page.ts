import { escapeHtml, type Html, html, raw } from '../core/html.js';
import { DEFAULT_TIME_ZONE, pad2, zonedParts } from '../notify/format.js';

/** The sink's web page: what the robot would have shown in the group, newest first (pure). */

export interface PageMessage {
  seq: number;
  /** Which stand-in took it (absent: the WeCom robot). */
  channel?: string;
  at: string;
  msgtype: string;
  bytes: number;
  body: Record<string, unknown>;
}

/** An href only for http(s) URLs; anything else is not made clickable. */
function link(url: unknown, label: string, cls = ''): Html {
  const text = typeof url === 'string' ? url : '';
  if (!/^https?:\/\//i.test(text)) return html`${label}`;
  return html`<a class="${cls}" href="${text}" target="_blank" rel="noopener">${label}</a>`;
}

/** Links in text that is escaped first; the markup added to escaped text is ours. */
function autolink(text: unknown): Html {
  return raw(
    escapeHtml(text).replace(
      /https?:\/\/[^\s<]+/g,
      (url) => `<a href="${url}" target="_blank" rel="noopener">${url}</a>`,
    ),
  );
}

/** The markdown subset WeCom renders: headings, bold, links, inline code, quotes, font colours, mentions. */
function markdownHtml(content: string): Html {
  // Each line is escaped first; the regexes only turn escaped WeCom markup into our own tags.
  const lines = content
    .split('\n')
    .map((source) => {
      let line = escapeHtml(source)
        .replace(
          /&lt;font color=&quot;(info|comment|warning)&quot;&gt;(.*?)&lt;\/font&gt;/g,
          '<span class="c-$1">$2</span>',
        )
        .replace(/&lt;@([^&]+?)&gt;/g, '<span class="mention">@$1</span>')
        .replace(
          /\[([^\]]*)\]\((https?:\/\/[^)\s]+)\)/g,
          '<a href="$2" target="_blank" rel="noopener">$1</a>',
        )
        .replace(/\*\*(.+?)\*\*/g, '<b>$1</b>')
        .replace(/`([^`]+)`/g, '<code>$1</code>');
      const heading = /^(#{1,6}) (.*)$/.exec(line);
      if (heading) return `<div class="h h${heading[1]?.length}">${heading[2]}</div>`;
      if (line.startsWith('&gt;')) {
        line = line.replace(/^&gt; ?/, '');
        return `<div class="quote">${line}</div>`;
      }
      return `<div>${line || '&nbsp;'}</div>`;
    })
    .join('');
  return raw(lines);
}

function obj(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function list(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.map(obj) : [];
}

function cardHtml(card: Record<string, unknown>): Html {
  const main = obj(card.main_title);
  const emphasis = obj(card.emphasis_content);
  const parts: Html[] = [html`<div class="src">${obj(card.source).desc}</div>`];
  parts.push(html`<div class="title">${main.title}</div>`);
  if (main.desc) parts.push(html`<div class="desc">${main.desc}</div>`);
  if (emphasis.title) {
    parts.push(html`<div class="emph"><span class="big">${emphasis.title}</span> ${emphasis.desc}</div>`);
  }
  if (card.sub_title_text) {
    const lines = String(card.sub_title_text)
      .split('\n')
      .map((l, i) => (i === 0 ? html`${l}` : html`<br>${l}`));
    parts.push(html`<div class="sub">${lines}</div>`);
  }
  const rows = list(card.horizontal_content_list).map(
    (r) =>
      html`<tr><th>${r.keyname}</th><td>${r.type === 1 ? link(r.url, String(r.value ?? r.url)) : r.value}</td></tr>`,
  );
  if (rows.length > 0) parts.push(html`<table>${rows}</table>`);
  const jumps = list(card.jump_list).map((j) => link(j.url, String(j.title ?? ''), 'btn'));
  if (jumps.length > 0) parts.push(html`<div class="jumps">${jumps}</div>`);
  const action = obj(card.card_action);
  parts.push(html`<div class="action">点击卡片：${link(action.url, String(action.url ?? '（无）'))}</div>`);
  return html`<div class="card">${parts}</div>`;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

function mentionsHtml(text: Record<string, unknown>): Html | '' {
  const names = [...strings(text.mentioned_list), ...strings(text.mentioned_mobile_list)];
  if (names.length === 0) return '';
  const spans = names.map((n, i) => html`${i === 0 ? '' : ' '}<span class="mention">@${n}</span>`);
  return html`<div class="mentions">${spans}</div>`;
}

const CHANNEL_NAMES: Record<string, string> = {
  wecom: '企业微信',
  dingtalk: '钉钉',
  feishu: '飞书',
  pushplus: 'PushPlus（微信）',
  serverchan: 'Server酱（微信）',
  bark: 'Bark（iPhone）',
  email: '邮件',
};

function buttons(list: { title: string; url: unknown }[]): Html | '' {
  if (list.length === 0) return '';
  return html`<div class="jumps">${list.map((b) => link(b.url, b.title, 'btn'))}</div>`;
}

/** HTML that arrived (PushPlus content, an e-mail's HTML part) shown in a sandbox: no scripts, no styles leaking out. */
function sandboxed(markup: unknown): Html {
  return html`<iframe class="mail" sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="${String(markup ?? '')}"></iframe>`;
}

/** What the other channels' apps would show. */
function otherHtml(m: PageMessage): Html {
  const b = m.body;
  switch (m.channel) {
    case 'dingtalk': {
      const inner = obj(b[m.msgtype]);
      const btns = list(inner.btns).map((x) => ({ title: String(x.title ?? ''), url: x.actionURL }));
      return html`<div class="md">${markdownHtml(String(inner.text ?? inner.content ?? ''))}</div>${buttons(btns)}`;
    }
    case 'feishu': {
      const card = obj(b.card);
      const title = obj(obj(card.header).title).content;
      const parts = list(card.elements).map((e) =>
        e.tag === 'action'
          ? buttons(list(e.actions).map((x) => ({ title: String(obj(x.text).content ?? ''), url: x.url })))
          : html`<div class="md">${markdownHtml(String(obj(e.text).content ?? ''))}</div>`,
      );
      return m.msgtype === 'interactive'
        ? html`<div class="card"><div class="title">${title}</div>${parts}</div>`
        : html`<div class="text">${autolink(obj(b.content).text)}</div>`;
    }
    case 'serverchan':
      return html`<div class="title">${b.title}</div><div class="md">${markdownHtml(String(b.desp ?? ''))}</div>`;
    case 'bark':
      return html`<div class="title">${b.title}</div><div class="text">${autolink(b.body)}</div>${buttons(b.url ? [{ title: '点击通知打开', url: b.url }] : [])}`;
    case 'pushplus':
      return html`<div class="title">${b.title}</div>${sandboxed(b.content)}`;
    case 'email':
      return html`<div class="title">${b.subject}</div><div class="meta">收件人：${strings(b.to).join(', ')}</div>${sandboxed(b.html)}`;
    default:
      return html`<pre>${JSON.stringify(b, null, 2)}</pre>`;
  }
}

function messageHtml(m: PageMessage, timeZone: string): Html {
  const p = zonedParts(m.at, timeZone);
  const when = p ? `${p.month}月${p.day}日 ${pad2(p.hour)}:${pad2(p.minute)}` : m.at;
  const channel = CHANNEL_NAMES[m.channel ?? 'wecom'] ?? m.channel;
  let inner: Html;
  if (m.channel && m.channel !== 'wecom') {
    inner = otherHtml(m);
  } else if (m.msgtype === 'text') {
    const text = obj(m.body.text);
    inner = html`<div class="text">${autolink(text.content)}</div>${mentionsHtml(text)}`;
  } else if (m.msgtype === 'markdown' || m.msgtype === 'markdown_v2') {
    inner = html`<div class="md">${markdownHtml(String(obj(m.body[m.msgtype]).content ?? ''))}</div>`;
  } else if (m.msgtype === 'template_card') {
    inner = cardHtml(obj(m.body.template_card));
  } else {
    inner = html`<pre>${JSON.stringify(m.body, null, 2)}</pre>`;
  }
  return html`<li class="msg" data-channel="${m.channel ?? 'wecom'}"><div class="meta">#${m.seq} · ${channel} · ${when} · ${m.msgtype} · ${m.bytes} 字节</div>${inner}</li>`;
}

export function sinkPage(messages: PageMessage[], mode: string, timeZone = DEFAULT_TIME_ZONE): string {
  const items = [...messages].reverse().map((m) => messageHtml(m, timeZone));
  const modes = ['ok', '45009', '93000', '-1'].map(
    (m) => html`<button data-mode="${m}">${m === 'ok' ? '正常' : `模拟 ${m}`}</button>`,
  );
  return html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>捡漏 · 本地通知替身</title>
<style>${raw(`
body{margin:0;font:15px/1.5 -apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#eef0f3;color:#222}
header{background:#2b7cff;color:#fff;padding:12px 16px}header h1{margin:0;font-size:17px}
header p{margin:4px 0 0;font-size:13px;opacity:.9}
.modes button{margin:6px 6px 0 0;border:0;border-radius:4px;padding:4px 10px;font-size:13px}
ul{list-style:none;margin:0;padding:12px;max-width:640px}
.msg{background:#fff;border-radius:8px;padding:10px 12px;margin-bottom:12px;box-shadow:0 1px 2px #0001;overflow-wrap:anywhere}
.meta{color:#888;font-size:12px;margin-bottom:6px}.text{white-space:pre-wrap}
.h{font-weight:600;font-size:16px}.quote{border-left:3px solid #ddd;padding-left:8px;color:#555}
.c-info{color:#07a35a}.c-comment{color:#888}.c-warning{color:#e67700}
code{background:#f3f3f3;padding:0 4px;border-radius:3px}.mention{color:#2b7cff}
.card .src{color:#888;font-size:12px}.card .title{font-weight:600;font-size:16px}.card .desc{color:#888}
.emph .big{font-size:28px;color:#2b7cff}.sub{color:#555;margin:6px 0}
table{border-collapse:collapse;margin:6px 0}th{color:#888;font-weight:normal;text-align:left;padding:2px 12px 2px 0}
.jumps{display:flex;flex-wrap:wrap;gap:8px;margin-top:8px}
.btn{display:inline-block;padding:8px 14px;border:1px solid #2b7cff;border-radius:6px;text-decoration:none}
.action{font-size:12px;color:#888;margin-top:8px}.mail{width:100%;min-height:480px;border:1px solid #eee;border-radius:6px}
.card>.title,.msg>.title{font-weight:600;font-size:16px}.empty{color:#888;text-align:center;padding:40px}
`)}</style></head><body>
<header><h1>本地通知替身（企业微信、钉钉、飞书、微信推送、Bark、邮件；测试用）</h1>
<p>共收到 ${messages.length} 条消息 · 当前模式：${mode}</p>
<div class="modes">${modes}</div>
</header>
<ul>${items.length > 0 ? items : html`<li class="empty">还没有收到消息</li>`}</ul>
<script>${raw(`
const count=${messages.length};
document.querySelectorAll('[data-mode]').forEach(b=>b.onclick=()=>fetch('/__sink/mode',{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify({mode:b.dataset.mode})}).then(()=>location.reload()));
setInterval(()=>fetch('/__sink/messages').then(r=>r.json()).then(m=>{if(m.length!==count)location.reload()}).catch(()=>{}),2000);
`)}</script>
</body></html>`.value;
}
