// A local test site on 127.0.0.1 with fake keys planted (made at run time) in every place
// the extension reads: inline scripts, an external script with a source map whose
// sourcesContent holds more, JSON payload scripts, meta and data-* attributes, visible
// text, and a script the page adds 2 s after load. Also: a hostile page, a page with 20 MB
// of scripts, a 5 MB page for the benchmark, and /.well-known/security.txt.
import http from 'node:http';

import { openaiProjectKey, randomChars, stripePublishableKey, stripeSecretKey, supabaseJwt, supabaseSecretKey } from '../../support/fake-keys.js';

const googleApiKey = () => `AIza${randomChars(35)}`;
const escapeHtml = (text) => text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** One source-map VLQ number. */
function vlq(value) {
  let rest = value < 0 ? ((-value) << 1) | 1 : value << 1;
  let out = '';
  do {
    let digit = rest & 31;
    rest >>>= 5;
    if (rest > 0) digit |= 32;
    out += BASE64[digit];
  } while (rest > 0);
  return out;
}

/** The fake keys of one run, by the place they are planted in; `verdict` is what the engine must say. */
export function plantKeys() {
  const stripeSplit = stripeSecretKey();
  return {
    secrets: {
      inlineScript: { value: stripeSecretKey(), rule: 'stripe.live-secret-key', where: 'inline-script' },
      inlineSplit: { value: stripeSplit, rule: 'stripe.live-secret-key', where: 'inline-script', decoded: 'concatenation' },
      externalScript: { value: openaiProjectKey(), rule: 'openai.project-key', where: 'script', source: 'src/config.ts' },
      sourceMapOnly: { value: supabaseSecretKey(), rule: 'supabase.secret-key', where: 'source-map', source: 'src/admin.ts' },
      nextData: { value: supabaseJwt('service_role'), rule: 'supabase.service-role-key', where: 'json-script' },
      ldJson: { value: stripeSecretKey(), rule: 'stripe.live-secret-key', where: 'json-script' },
      dataAttribute: { value: supabaseSecretKey(), rule: 'supabase.secret-key', where: 'attribute' },
      visibleText: { value: openaiProjectKey(), rule: 'openai.project-key', where: 'visible-text' },
      lateScript: { value: supabaseSecretKey(), rule: 'supabase.secret-key', where: 'script' },
    },
    review: {
      metaTag: { value: googleApiKey(), rule: 'google.api-key', where: 'attribute' },
    },
    publishable: {
      inlineStripe: { value: stripePublishableKey(), rule: 'stripe.publishable-key', where: 'inline-script' },
      nextDataAnon: { value: supabaseJwt('anon'), rule: 'supabase.anon-key', where: 'json-script' },
    },
  };
}

function plantedPage(keys) {
  const s = keys.secrets;
  const split = s.inlineSplit.value;
  const nextData = { props: { pageProps: { supabase: { serviceKey: s.nextData.value, anonKey: keys.publishable.nextDataAnon.value } } }, page: '/' };
  const ld = { '@context': 'https://schema.org', '@type': 'Organization', name: 'Acme', paymentKey: s.ldJson.value };
  return `<!doctype html>
<html><head>
<meta charset="utf-8">
<title>Acme dashboard</title>
<meta name="google-maps-key" content="${keys.review.metaTag.value}">
<script>
  window.PAYMENTS = { secret: "${s.inlineScript.value}", publishable: "${keys.publishable.inlineStripe.value}" };
  window.BILLING = "${split.slice(0, 10)}" + "${split.slice(10)}";
</script>
<script id="__NEXT_DATA__" type="application/json">${JSON.stringify(nextData)}</script>
<script type="application/ld+json">${JSON.stringify(ld)}</script>
<script src="/planted/assets/app.js"></script>
</head><body>
<div id="app" data-config="${escapeHtml(JSON.stringify({ supabaseUrl: 'https://x.supabase.co', supabaseServiceKey: s.dataAttribute.value }))}">
  <h1>Acme</h1>
  <p>Your API key: <code>${s.visibleText.value}</code></p>
</div>
<script>
  setTimeout(() => {
    const late = document.createElement('script');
    late.src = '/planted/assets/late.js';
    document.body.append(late);
  }, 2000);
</script>
</body></html>`;
}

/** A one-line bundle and its map: the key's generated column maps to src/config.ts:3:11. */
function bundleWithMap(keys) {
  const prefix = '(()=>{const c={apiKey:"';
  const js = `${prefix}${keys.secrets.externalScript.value}"};window.app=c})();\n//# sourceMappingURL=app.js.map\n`;
  const config = `// Acme client config\nexport const config = {\n  apiKey: "${keys.secrets.externalScript.value}",\n};\n`;
  const admin = `// Server-only: bundled by mistake, tree-shaken from the output, still in the map\nexport const adminKey = "${keys.secrets.sourceMapOnly.value}";\n`;
  // Segments: column 0 → config.ts 1:0; the key's column → config.ts 3:10 (0-based).
  const mappings = `AAAA,${vlq(prefix.length)}${vlq(0)}${vlq(2)}${vlq(10)}`;
  const map = { version: 3, file: 'app.js', sources: ['src/config.ts', 'src/admin.ts'], sourcesContent: [config, admin], names: [], mappings };
  return { js, map: JSON.stringify(map) };
}

const HOSTILE_PAGE = (secret) => `<!doctype html><html><head><title>Hostile</title>
<script id="planted">window.K = "${secret}";</script></head>
<body><p>nothing to see</p></body></html>`;

/** Real-looking minified JS, deterministic (random text could contain some rule's prefix). */
export function filler(bytes, seed = 0) {
  const unit = `function f${seed}(a,b){return a.map(function(c){return c*2+b}).filter(Boolean).join(",")}var o${seed}={k:"value",n:42,re:/ab+c/g,t:\`x\${1}\`};`;
  return unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);
}

function hugePage(count, secret) {
  const scripts = Array.from({ length: count }, (_, i) => `<script src="/huge/chunk-${i}.js"></script>`).join('\n');
  return `<!doctype html><html><head><title>Huge</title><script>window.K="${secret}"</script></head><body><p>20 MB of scripts</p>${scripts}</body></html>`;
}

function benchPage(count) {
  const scripts = Array.from({ length: count }, (_, i) => `<script src="/bench/chunk-${i}.js"></script>`).join('\n');
  return `<!doctype html><html><head><title>Bench</title></head><body>${scripts}</body></html>`;
}

const SECURITY_TXT = `# Acme security contacts
Contact: mailto:security@acme.test
Contact: https://acme.test/report
Contact: javascript:alert(1)
Expires: 2099-01-01T00:00:00.000Z
Policy: https://acme.test/disclosure
Preferred-Languages: en, fr
`;

/**
 * Starts the site. `requests` records every request it served (method, path).
 * @param {{hugeChunks?: number, hugeChunkBytes?: number, benchChunks?: Buffer[]}} [options]
 */
export async function startTestSite({ hugeChunks = 10, hugeChunkBytes = 2 * 1024 * 1024, benchChunks = [] } = {}) {
  const keys = plantKeys();
  const hostileSecret = stripeSecretKey();
  const hugeSecret = stripeSecretKey();
  const bundle = bundleWithMap(keys);
  const chunkCache = new Map();
  const requests = [];

  const server = http.createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    requests.push({ method: req.method, path });
    const send = (status, type, body) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'max-age=600' });
      res.end(body);
    };
    if (/^\/planted(?:-\d+)?\/$/.test(path)) return send(200, 'text/html; charset=utf-8', plantedPage(keys));
    if (/^\/planted(?:-\d+)?\/assets\/app\.js$/.test(path)) return send(200, 'text/javascript', bundle.js);
    if (/^\/planted(?:-\d+)?\/assets\/app\.js\.map$/.test(path)) return send(200, 'application/json', bundle.map);
    if (/^\/planted(?:-\d+)?\/assets\/late\.js$/.test(path)) return send(200, 'text/javascript', `window.lateConfig={key:"${keys.secrets.lateScript.value}"};\n`);
    if (path === '/hostile/') return send(200, 'text/html; charset=utf-8', HOSTILE_PAGE(hostileSecret));
    if (path === '/huge/') return send(200, 'text/html; charset=utf-8', hugePage(hugeChunks, hugeSecret));
    const huge = /^\/huge\/chunk-(\d+)\.js$/.exec(path);
    if (huge && Number(huge[1]) < hugeChunks) {
      const i = Number(huge[1]);
      if (!chunkCache.has(i)) chunkCache.set(i, filler(hugeChunkBytes, i));
      return send(200, 'text/javascript', chunkCache.get(i));
    }
    if (path === '/bench/') return send(200, 'text/html; charset=utf-8', benchPage(benchChunks.length));
    const bench = /^\/bench\/chunk-(\d+)\.js$/.exec(path);
    if (bench && Number(bench[1]) < benchChunks.length) return send(200, 'text/javascript', benchChunks[Number(bench[1])]);
    if (path === '/.well-known/security.txt') return send(200, 'text/plain; charset=utf-8', SECURITY_TXT);
    if (path === '/favicon.ico') return send(204, 'image/x-icon', '');
    return send(404, 'text/plain', 'not found');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    keys,
    hostileSecret,
    hugeSecret,
    requests,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(resolve);
    }),
  };
}

/** Every raw value planted on the site (what must never appear in storage, the popup or exports). */
export function allPlantedValues(site) {
  const { secrets, review, publishable } = site.keys;
  return [...Object.values(secrets), ...Object.values(review), ...Object.values(publishable)].map((k) => k.value).concat(site.hostileSecret, site.hugeSecret);
}
