// The popup (and the same page opened in a tab with ?tab=ID): asks the background to scan
// the current tab (the click that opened it granted activeTab), then shows the tab's report
// from storage.session as it fills in. It only displays and exports redacted data.

import { ext } from '../shared/browser-api.js';
import { reportToJson } from '../shared/export/json.js';
import { reportToMarkdown } from '../shared/export/markdown.js';
import { reportToSarif } from '../shared/export/sarif.js';
import { AUTO_SCAN_ORIGINS, DEFAULT_SETTINGS, SETTINGS_KEY, reportKey } from '../shared/storage-keys.js';
import { el, safeLink } from './dom.js';
import { renderReport, statusText } from './render-report.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const openedInTab = params.has('tab');
const version = ext.runtime.getManifest().version;
const send = (message) => ext.runtime.sendMessage(message);

let tabId = null;
let report = null;
let host = null;

function setStatus(text, tone = '') {
  $('status').textContent = text;
  $('status').className = `status ${tone}`.trim();
}

function showReport(next) {
  report = next;
  const ready = report !== null;
  for (const id of ['export-json', 'export-sarif', 'export-markdown', 'who-to-tell']) $(id).disabled = !ready;
  if (!ready) return;
  host = report.host;
  $('page-title').textContent = report.title || report.host;
  $('page-url').textContent = report.url;
  setStatus(statusText(report), report.status === 'scanning' ? 'busy' : '');
  renderReport($('report'), report);
  showDenyButton();
}

function showDenyButton() {
  $('deny-site').hidden = !host;
  if (host) $('deny-site').textContent = `Never scan ${host}`;
}

function showDenied(deniedHost) {
  host = deniedHost;
  setStatus(`Spillproof is off for ${deniedHost} (your deny list).`, 'muted');
  const allow = el('button', { text: `Scan ${deniedHost} again`, attrs: { type: 'button' } });
  allow.addEventListener('click', async () => {
    await send({ type: 'set-site-denied', host: deniedHost, denied: false });
    await scan(true);
  });
  $('report').replaceChildren(allow);
  $('deny-site').hidden = true;
}

async function scan(force = false) {
  setStatus('Scanning…', 'busy');
  const answer = await send({ type: 'scan-tab', tabId, force });
  if (answer?.state === 'denied') {
    showDenied(answer.host);
  } else if (answer?.state === 'no-access') {
    setStatus(openedInTab
      ? 'To scan again, click the Spillproof button on that tab (the permission comes from the click).'
      : 'Spillproof cannot read this page (browser pages, extension stores and local files are off-limits to extensions).', 'muted');
  } else if (answer?.error) {
    setStatus(`Could not scan: ${answer.error}`, 'error');
  }
}

function download(extension, type, text) {
  const safeHost = (host ?? 'page').replace(/[^a-z0-9.-]/gi, '_');
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = el('a', { attrs: { href: url, download: `spillproof-${safeHost}-${new Date().toISOString().slice(0, 10)}.${extension}` } });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

function showContacts(answer) {
  const box = $('contacts');
  box.hidden = false;
  if (!answer?.found) {
    box.replaceChildren(
      el('h2', { text: 'Who to tell' }),
      el('p', { text: `No security.txt: ${answer?.reason ?? 'no answer'}.` }),
      el('p', { class: 'muted', text: 'Look for a "security" or "responsible disclosure" page on the site, or a bug bounty programme; the provider of the key may also accept reports of leaked keys.' }),
    );
    return;
  }
  const list = (title, entries) => (entries.length === 0 ? null : el('div', {}, [
    el('h3', { text: title }),
    el('ul', {}, entries.map((entry) => el('li', {}, [safeLink(entry.href ?? '', entry.value)]))),
  ]));
  box.replaceChildren(
    el('h2', { text: 'Who to tell' }),
    el('p', { class: 'muted', text: `From ${answer.url}${answer.signed ? ' (PGP-signed)' : ''}` }),
    answer.expired ? el('p', { class: 'error', text: `This security.txt expired on ${answer.expires}: the contacts may be stale.` }) : '',
    list('Contact', answer.contacts) ?? '',
    list('Policy', answer.policies) ?? '',
    list('Encryption', answer.encryption) ?? '',
    answer.preferredLanguages ? el('p', { text: `Preferred languages: ${answer.preferredLanguages}` }) : '',
  );
}

function wireActions() {
  $('rescan').addEventListener('click', () => scan(true));
  $('export-json').addEventListener('click', () => download('json', 'application/json', `${JSON.stringify(reportToJson(report, { version }), null, 2)}\n`));
  $('export-sarif').addEventListener('click', () => download('sarif', 'application/sarif+json', `${JSON.stringify(reportToSarif(report, { version }), null, 2)}\n`));
  $('export-markdown').addEventListener('click', () => download('md', 'text/markdown', reportToMarkdown(report, { version })));
  $('who-to-tell').addEventListener('click', async () => {
    $('who-to-tell').disabled = true;
    try {
      showContacts(await send({ type: 'security-txt', tabId }));
    } finally {
      $('who-to-tell').disabled = false;
    }
  });
  $('open-tab').addEventListener('click', () => ext.tabs.create({ url: ext.runtime.getURL(`popup/popup.html?tab=${tabId}`) }));
  $('open-tab').hidden = openedInTab;
  $('deny-site').addEventListener('click', async () => {
    if (!host) return;
    await send({ type: 'set-site-denied', host, denied: true });
    showDenied(host);
  });
  $('auto-scan').addEventListener('change', (event) => {
    const enabled = event.target.checked;
    if (enabled) {
      // permissions.request must run in the click itself; the background also listens for
      // the grant, because Firefox may close the popup while its prompt is open.
      const granted = ext.permissions.request({ origins: [...AUTO_SCAN_ORIGINS] });
      send({ type: 'set-auto-scan', enabled: true });
      granted.then(async (ok) => {
        if (!ok) {
          event.target.checked = false;
          await send({ type: 'set-auto-scan', enabled: false });
        }
      });
    } else {
      send({ type: 'set-auto-scan', enabled: false }).then(() => ext.permissions.remove({ origins: [...AUTO_SCAN_ORIGINS] }));
    }
  });
}

async function main() {
  wireActions();
  showReport(null);
  showDenyButton();
  if (openedInTab) {
    tabId = Number(params.get('tab'));
  } else {
    const [tab] = await ext.tabs.query({ active: true, currentWindow: true });
    tabId = tab?.id ?? null;
    try {
      host = tab?.url ? new URL(tab.url).hostname || null : null;
    } catch {
      host = null;
    }
  }
  if (!Number.isSafeInteger(tabId)) {
    setStatus('No tab to scan.', 'muted');
    return;
  }
  const [stored, settings, permitted] = await Promise.all([
    ext.storage.session.get(reportKey(tabId)),
    ext.storage.local.get(SETTINGS_KEY),
    ext.permissions.contains({ origins: [...AUTO_SCAN_ORIGINS] }),
  ]);
  $('auto-scan').checked = ({ ...DEFAULT_SETTINGS, ...settings[SETTINGS_KEY] }).autoScan && permitted;
  ext.storage.onChanged.addListener((changes, area) => {
    const change = area === 'session' ? changes[reportKey(tabId)] : undefined;
    if (change) showReport(change.newValue ?? null);
  });
  if (stored[reportKey(tabId)]) showReport(stored[reportKey(tabId)]);
  if (!openedInTab) await scan(false);
  else if (!report) setStatus('No report for this tab (yet).', 'muted');
}

main().catch((error) => setStatus(`Error: ${error.message}`, 'error'));
