// The one way the popup makes DOM: createElement + textContent. Page-derived strings (URLs,
// labels, titles, file names) only ever become text nodes, never markup.

/**
 * @param {string} tag
 * @param {{class?: string, text?: string, attrs?: Record<string, string>, hidden?: boolean}} [props]
 * @param {Array<Node|string|null|false>} [children]
 */
export function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  if (props.class) node.className = props.class;
  if (props.text !== undefined) node.textContent = props.text;
  if (props.hidden) node.hidden = true;
  for (const [name, value] of Object.entries(props.attrs ?? {})) node.setAttribute(name, value);
  for (const child of children) {
    if (child === null || child === false || child === undefined) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

const LINK_SCHEMES = new Set(['mailto:', 'https:', 'tel:']);

/** A link only for mailto:, https: and tel: addresses; anything else stays plain text. */
export function safeLink(href, text) {
  try {
    if (LINK_SCHEMES.has(new URL(href).protocol)) {
      return el('a', { text, attrs: { href, target: '_blank', rel: 'noopener noreferrer' } });
    }
  } catch {
    // Not a URL: shown as text.
  }
  return el('span', { text });
}
