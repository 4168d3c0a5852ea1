import { type Html, html, raw } from '../core/html.js';
import { catalogue } from '../i18n/catalogue.js';
import type { Locale } from '../i18n/locale.js';
import type { RelayMessages, RelayNotice } from '../i18n/types.js';
import { pinnedPolicy } from './html.js';

/**
 * The relayed login page a phone opens from a `/login/<token>` link: the portal's live page as an
 * image, and the controls that drive it. Static style and script, pinned by hash in its own CSP.
 */

export type { RelayNotice } from '../i18n/types.js';

interface RelayText extends RelayMessages {
  lang: string;
}

/** The page's words, from the catalogue, with the page language. */
export const relayText = (locale: Locale): RelayText => {
  const c = catalogue(locale);
  return { ...c.relay, lang: c.pages.lang };
};
const STYLE = `
*{box-sizing:border-box}
body{margin:0;background:#f2f3f5;color:#1f2329;font:16px/1.4 -apple-system,"PingFang SC","Noto Sans CJK SC",system-ui,sans-serif;-webkit-text-size-adjust:100%}
main{max-width:480px;margin:0 auto;padding:8px}
h1{font-size:20px;margin:4px 4px 6px}
.hint{font-size:13px;color:#51565d;margin:0 4px 6px}
#screen{display:block;margin:0 auto;width:100%;height:auto;aspect-ratio:390/844;background:#fff;border:1px solid #d0d3d6;border-radius:8px;touch-action:pinch-zoom;user-select:none;-webkit-user-select:none}
form{display:flex;gap:6px;margin:8px 0}
input{flex:1;min-width:0;font-size:18px;padding:10px;border:1px solid #c0c4c8;border-radius:8px}
button{font-size:16px;padding:10px 12px;border:0;border-radius:8px;background:#1f7a3f;color:#fff}
form .reveal{background:#fff;color:#1f2329;border:1px solid #c0c4c8;padding:10px 8px}
.row{display:grid;grid-template-columns:repeat(4,1fr);gap:6px}
.row button{white-space:nowrap;padding:10px 4px;background:#51565d}
.row button.cancel{background:#c2410c}
#status{font-size:18px;font-weight:700;margin:8px 4px;color:#1f7a3f}
.closed #status,.in_use #status{color:#c2410c}
.saved #screen,.closed #screen,.in_use #screen,.saved form,.closed form,.in_use form,.saved .row,.closed .row,.in_use .row{display:none}
.notice h1{color:#c2410c}
`;

// What is typed for the portal's password field is hidden in the typing box (issue 29 item 11): the
// relay names the focused field's kind with each frame; the eye button shows or hides it again.
// Each frame request says the phone's devicePixelRatio: the relay renders the picture at it (item 9).
// Two fingers on the picture zoom the page (touch-action: pinch-zoom, issue 29 item 9) and are no tap;
// one finger taps or drags the portal's page.
// Actions go to the relay one at a time, in the order the person made them: a tap followed at once by
// typing must reach the portal's page in that order (parallel requests could swap them on a slow line).
const SCRIPT = `(function(){
var img=document.getElementById('screen'),st=document.getElementById('status'),base=location.pathname.replace(/\\/+$/,'');
var seq=0,busy=false,stopped=false,want=-1,timer=0,fails=0;
function show(s){stopped=true;document.body.className=s;st.textContent=st.getAttribute('data-'+s.replace('_','-'))||'';}
function next(){clearTimeout(timer);if(stopped)return;if(want>=0){var w=want;want=-1;load(w);}else{timer=setTimeout(function(){load(seq)},1000);}}
function load(after){if(stopped)return;if(busy){if(after<want||want<0)want=after;return;}busy=true;clearTimeout(timer);
fetch(base+'/frame?after='+after+'&dpr='+(window.devicePixelRatio||1),{cache:'no-store',credentials:'same-origin'}).then(function(r){
fails=0;var s=r.headers.get('x-relay-state');if(s&&s!=='open'){show(s);return null;}
if(r.status!==200)return null;seq=Number(r.headers.get('x-frame-seq'))||seq;field(r.headers.get('x-relay-field'));return r.blob();
}).then(function(b){if(b){var old=img.src;img.src=URL.createObjectURL(b);img.setAttribute('data-seq',String(seq));if(old.indexOf('blob:')===0)URL.revokeObjectURL(old);}})
.catch(function(){fails++;if(fails>=5)show('closed');}).then(function(){busy=false;next();});}
var queue=[],sending=false;
function act(body){if(stopped)return;queue.push(body);send();}
function send(){if(sending||stopped||!queue.length)return;sending=true;var body=queue.shift();
fetch(base+'/act',{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify(body),credentials:'same-origin'})
.then(function(r){return r.json()}).then(function(j){if(j.state&&j.state!=='open'){show(j.state);return;}if(typeof j.seq==='number'){if(busy){want=j.seq-1;}else{load(j.seq-1);}}}).catch(function(){})
.then(function(){sending=false;send();});}
function at(e){var r=img.getBoundingClientRect();return{x:Math.round((e.clientX-r.left)*390/r.width),y:Math.round((e.clientY-r.top)*844/r.height)};}
var down=null,pts=[],fingers=0,who=-1;
img.addEventListener('pointerdown',function(e){fingers++;if(fingers>1){down=null;pts=[];return;}e.preventDefault();down=at(e);who=e.pointerId;pts=[down];if(img.setPointerCapture)img.setPointerCapture(e.pointerId);});
function lift(){fingers=Math.max(0,fingers-1);}
img.addEventListener('pointercancel',function(){lift();down=null;pts=[];});
img.addEventListener('pointermove',function(e){if(!down||e.pointerId!==who)return;var p=at(e),l=pts[pts.length-1];if(Math.abs(p.x-l.x)+Math.abs(p.y-l.y)>=4&&pts.length<150)pts.push(p);});
img.addEventListener('pointerup',function(e){lift();if(!down||e.pointerId!==who)return;var p=at(e);pts.push(p);var far=Math.abs(p.x-down.x)+Math.abs(p.y-down.y)>10;
if(far)act({kind:'drag',points:pts});else act({kind:'tap',x:down.x,y:down.y});down=null;pts=[];});
var f=document.getElementById('typing'),t=document.getElementById('text'),rv=document.getElementById('reveal'),kind='text',masked=false;
function mask(m){masked=m;t.type=m?'password':'text';rv.setAttribute('aria-pressed',m?'false':'true');rv.textContent=rv.getAttribute(m?'data-show':'data-hide');}
function field(k){k=k==='password'?'password':'text';if(k!==kind){kind=k;mask(k==='password');}}
rv.addEventListener('click',function(){mask(!masked);t.focus();});
f.addEventListener('submit',function(e){e.preventDefault();if(t.value){act({kind:'type',text:t.value});t.value='';}});
var bs=document.querySelectorAll('[data-act]');for(var i=0;i<bs.length;i++){(function(b){b.addEventListener('click',function(){
var a=b.getAttribute('data-act');if(a==='up')act({kind:'scroll',dy:-300});else if(a==='down')act({kind:'scroll',dy:300});
else if(a==='reload')act({kind:'reload'});else if(a==='cancel'){fetch(base+'/cancel',{method:'POST',credentials:'same-origin'}).then(function(){show('closed')});}
else act({kind:'key',key:a});});})(bs[i]);}
window.addEventListener('pagehide',function(){if(!stopped&&navigator.sendBeacon)navigator.sendBeacon(base+'/cancel?leave=1');});
load(0);
})();`;

/** Only this page's own style, script, frames (blob URLs) and same-origin requests; no form posts. */
export const RELAY_CSP = pinnedPolicy(
  { style: STYLE, script: SCRIPT },
  { img: 'blob: data:', connect: "'self'", formAction: "'none'" },
);

function shell(t: RelayText, title: string, body: Html, script: boolean): string {
  return html`<!doctype html>
<html lang="${t.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>${title} · jianlou</title>
<style>${raw(STYLE)}</style>
</head>
<body class="open">
<main>
${body}
</main>${script ? html`\n<script>${raw(SCRIPT)}</script>` : ''}
</body>
</html>
`.value;
}

export function relayPage(locale: Locale, accountId: string): string {
  const t = relayText(locale);
  const key = (k: keyof RelayText['keys']) =>
    html`<button type="button" data-act="${k}">${t.keys[k]}</button>`;
  const body = html`<h1>${t.title} · ${accountId}</h1>
<p class="hint">${t.hint}</p>
<p id="status" data-saved="${t.states.saved}" data-closed="${t.states.closed}" data-in-use="${t.states.in_use}"></p>
<img id="screen" alt="" draggable="false">
<form id="typing" autocomplete="off"><input id="text" type="text" autocomplete="off" autocapitalize="off" spellcheck="false" placeholder="${t.typePlaceholder}" aria-label="${t.typePlaceholder}"><button type="button" id="reveal" class="reveal" aria-pressed="true" data-show="${t.reveal.show}" data-hide="${t.reveal.hide}">${t.reveal.hide}</button><button type="submit">${t.send}</button></form>
<div class="row">${key('Enter')}${key('Backspace')}${key('Tab')}<button type="button" data-act="up">${t.up}</button><button type="button" data-act="down">${t.down}</button><button type="button" data-act="reload">${t.reload}</button><button type="button" class="cancel" data-act="cancel">${t.cancel}</button></div>`;
  return shell(t, t.title, body, true);
}

export function relayNoticePage(locale: Locale, kind: RelayNotice): string {
  const t = relayText(locale);
  const n = t.notices[kind];
  return shell(t, n.title, html`<div class="notice"><h1>${n.title}</h1><p>${n.body}</p></div>`, false);
}
