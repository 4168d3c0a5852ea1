import type { AlertMessages as Messages } from '../i18n/types.js';
import { displayWidth, safeUrl } from './format.js';
import type { AlertView } from './views.js';
import { CARD_LIMITS, type TemplateCardMessage, type TextNoticeCard } from './wecom-types.js';

/** Why a view cannot be a text_notice card, or undefined when it can. */
export function cardMisfit(view: AlertView, m: Messages): string | undefined {
  const L = CARD_LIMITS;
  if (!safeUrl(view.primaryUrl)) return 'card_action needs an http(s) url';
  if (view.fields.length > L.horizontalContentList) {
    return `horizontal_content_list has ${view.fields.length} rows (max ${L.horizontalContentList})`;
  }
  if (view.links.length > L.jumpList) return `jump_list has ${view.links.length} entries (max ${L.jumpList})`;
  const checks: [string, string | undefined, number][] = [
    ['source.desc', m.brand, L.sourceDesc],
    ['main_title.title', view.title, L.mainTitle],
    ['main_title.desc', view.subtitle, L.mainTitleDesc],
    ['emphasis_content.title', view.emphasis?.value, L.emphasisTitle],
    ['emphasis_content.desc', view.emphasis?.label, L.emphasisDesc],
    ['sub_title_text', subTitle(view, m), L.subTitleText],
    ...view.fields.flatMap((f): [string, string, number][] => [
      ['horizontal_content_list.keyname', f.key, L.keyname],
      ['horizontal_content_list.value', f.value, L.value],
    ]),
    ...view.links.map((j): [string, string, number] => ['jump_list.title', j.title, L.jumpTitle]),
  ];
  for (const [name, text, max] of checks) {
    if (text !== undefined && displayWidth(text) > max) return `${name} is wider than ${max}`;
  }
  if (view.links.some((j) => !safeUrl(j.url))) return 'jump_list needs http(s) urls';
  return undefined;
}

function subTitle(view: AlertView, m: Messages): string | undefined {
  const lines = [...view.notes, ...(view.command ? [m.problem.runCommand(view.command)] : [])];
  return lines.length > 0 ? lines.join('\n') : undefined;
}

/** The view as a text_notice card, or undefined when it does not fit (see `cardMisfit`). */
export function toCard(view: AlertView, m: Messages): TemplateCardMessage | undefined {
  if (cardMisfit(view, m)) return undefined;
  const action = safeUrl(view.primaryUrl);
  if (!action) return undefined;
  const card: TextNoticeCard = {
    card_type: 'text_notice',
    source: { desc: m.brand, desc_color: view.tone === 'warning' ? 2 : 0 },
    main_title: { title: view.title, ...(view.subtitle ? { desc: view.subtitle } : {}) },
    card_action: { type: 1, url: action },
  };
  if (view.emphasis) card.emphasis_content = { title: view.emphasis.value, desc: view.emphasis.label };
  const sub = subTitle(view, m);
  if (sub) card.sub_title_text = sub;
  if (view.fields.length > 0) {
    card.horizontal_content_list = view.fields.map((f) => ({ keyname: f.key, value: f.value }));
  }
  if (view.links.length > 0) {
    card.jump_list = view.links.map((j) => ({ type: 1, title: j.title, url: safeUrl(j.url) ?? j.url }));
  }
  return { msgtype: 'template_card', template_card: card };
}
