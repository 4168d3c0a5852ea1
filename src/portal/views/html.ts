/** The demo portal builds its pages with the product's one escaping template (src/core/html.ts). */
export { escapeHtml, type Html as SafeHtml, html, raw } from '../../core/html.js';
