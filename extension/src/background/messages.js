// Every message the background accepts, checked before anything acts on it: who sent it
// (our own content script in a tab's top frame, or our own extension page), its exact shape
// (no unknown keys, known kinds only) and its size. A page cannot reach these listeners (no
// `externally_connectable`), but a check that a message is what it claims to be costs
// little and keeps a confused or compromised sender from writing arbitrary state.

const MiB = 1024 * 1024;

/** Limits of one content-script message; the content script's own caps sit below them. */
export const MESSAGE_LIMITS = Object.freeze({
  items: 8000,
  textBytes: 24 * MiB,
  itemText: 4 * MiB,
  attributeEntries: 20000,
  attributeValue: 4 * MiB,
  url: 8192,
  label: 300,
  title: 200,
  omitted: 200,
});

const TOKEN = /^[0-9a-f]{32}$/;
const HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$|^\[[0-9a-f:.]+\]$/;

const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
const hasOnly = (value, keys) => Object.keys(value).every((key) => keys.includes(key));
const isString = (value, max) => typeof value === 'string' && value.length <= max;
const isCount = (value) => Number.isSafeInteger(value) && value >= 0;

function isHttpUrl(value) {
  if (!isString(value, MESSAGE_LIMITS.url)) return false;
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

export const isValidHost = (value) => isString(value, 253) && HOST.test(value);

/** Our content script in the top frame of a web page tab (the sender's fields come from the browser, not the page). */
export function isOwnContentScript(sender, runtimeId) {
  return sender?.id === runtimeId
    && Number.isSafeInteger(sender.tab?.id) && sender.tab.id >= 0
    && sender.frameId === 0
    && isHttpUrl(sender.url);
}

/** One of our own pages (the popup, or the report opened in a tab). */
export function isOwnExtensionPage(sender, runtimeId, extensionOrigin) {
  return sender?.id === runtimeId && typeof sender.url === 'string' && sender.url.startsWith(extensionOrigin);
}

const INLINE_KINDS = new Set(['inline-script', 'json-script', 'text-script']);

function checkItem(item, budget) {
  if (!isObject(item)) return 'an item is not an object';
  if (item.kind === 'script-src') {
    return hasOnly(item, ['kind', 'url']) && isHttpUrl(item.url) ? null : 'bad script-src item';
  }
  if (INLINE_KINDS.has(item.kind)) {
    if (!hasOnly(item, ['kind', 'index', 'label', 'text']) || !isCount(item.index)
      || !isString(item.label, MESSAGE_LIMITS.label) || !isString(item.text, MESSAGE_LIMITS.itemText)) return `bad ${item.kind} item`;
    budget.text += item.text.length;
    return null;
  }
  if (item.kind === 'visible-text') {
    if (!hasOnly(item, ['kind', 'text']) || !isString(item.text, MESSAGE_LIMITS.itemText)) return 'bad visible-text item';
    budget.text += item.text.length;
    return null;
  }
  if (item.kind === 'attributes') {
    if (!hasOnly(item, ['kind', 'entries']) || !Array.isArray(item.entries) || item.entries.length > MESSAGE_LIMITS.attributeEntries) return 'bad attributes item';
    for (const entry of item.entries) {
      if (!isObject(entry) || !hasOnly(entry, ['element', 'name', 'value']) || !isString(entry.element, MESSAGE_LIMITS.label)
        || !isString(entry.name, MESSAGE_LIMITS.label) || !isString(entry.value, MESSAGE_LIMITS.attributeValue)) return 'bad attribute entry';
      budget.text += entry.value.length;
    }
    return null;
  }
  return 'unknown item kind';
}

function checkOmitted(omitted) {
  if (!Array.isArray(omitted) || omitted.length > MESSAGE_LIMITS.omitted) return 'bad omitted list';
  for (const entry of omitted) {
    if (!isObject(entry) || !hasOnly(entry, ['kind', 'reason', 'count', 'bytes']) || !isString(entry.kind, 40)
      || !isString(entry.reason, MESSAGE_LIMITS.label) || !isCount(entry.count)
      || (entry.bytes !== undefined && !isCount(entry.bytes))) return 'bad omitted entry';
  }
  return null;
}

/**
 * A content-script message: `page-material` (what a document holds when collected) or
 * `page-additions` (scripts it added later). Returns `{ message }` or `{ error }`.
 */
export function parseContentMessage(message) {
  if (!isObject(message)) return { error: 'not an object' };
  const { type } = message;
  const keys = type === 'page-material' ? ['type', 'token', 'title', 'items', 'omitted'] : ['type', 'token', 'items', 'omitted'];
  if (type !== 'page-material' && type !== 'page-additions') return { error: 'unknown message type' };
  if (!hasOnly(message, keys)) return { error: 'unexpected keys' };
  if (!TOKEN.test(message.token ?? '')) return { error: 'bad token' };
  if (type === 'page-material' && !isString(message.title, MESSAGE_LIMITS.title)) return { error: 'bad title' };
  if (!Array.isArray(message.items) || message.items.length > MESSAGE_LIMITS.items) return { error: 'bad items' };
  const budget = { text: 0 };
  for (const item of message.items) {
    const problem = checkItem(item, budget);
    if (problem) return { error: problem };
    if (type === 'page-additions' && item.kind !== 'script-src' && !INLINE_KINDS.has(item.kind)) return { error: 'additions carry scripts only' };
  }
  if (budget.text > MESSAGE_LIMITS.textBytes) return { error: 'message too large' };
  const omittedProblem = checkOmitted(message.omitted);
  if (omittedProblem) return { error: omittedProblem };
  return { message };
}

const COMMANDS = {
  'scan-tab': (m) => hasOnly(m, ['type', 'tabId', 'force']) && isCount(m.tabId) && (m.force === undefined || typeof m.force === 'boolean'),
  'security-txt': (m) => hasOnly(m, ['type', 'tabId']) && isCount(m.tabId),
  'set-auto-scan': (m) => hasOnly(m, ['type', 'enabled']) && typeof m.enabled === 'boolean',
  'set-site-denied': (m) => hasOnly(m, ['type', 'host', 'denied']) && isValidHost(m.host) && typeof m.denied === 'boolean',
};

/** A command from one of our pages. Returns `{ message }` or `{ error }`. */
export function parseCommand(message) {
  if (!isObject(message) || !Object.hasOwn(COMMANDS, message.type)) return { error: 'unknown command' };
  return COMMANDS[message.type](message) ? { message } : { error: `bad ${message.type} command` };
}
