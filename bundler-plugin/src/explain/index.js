// Turns a finding into what to do about it in *this* project: what the key unlocks, why
// it must not ship, and the concrete change for the detected framework (a Next.js Route
// Handler, a SvelteKit +server file, a Supabase Edge Function for a Vite SPA on Supabase,
// a Vite dev proxy plus a server route…). Used by `--format agent`, the SARIF help and
// the MCP server's explain_finding. Works on report findings, which carry only the
// redacted value: nothing here ever sees a secret.

import { detectProject, findProjectDir } from '../project/detect.js';
import { FRAMEWORKS, clientCall } from './frameworks.js';

export { FRAMEWORKS, FRAMEWORK_IDS, ALL_PUBLIC_PREFIXES } from './frameworks.js';

/**
 * @typedef {object} FixContext
 * @property {string | null} framework  an id of FRAMEWORKS, or null when unknown
 * @property {string} frameworkSource   how it was found (`package.json (next)`, `argument`, `none`)
 * @property {string[]} backends        supabase | firebase
 * @property {boolean} ts               the project uses TypeScript (snippets follow)
 */

/** The fix context of the project that holds `dir` (nearest package.json upwards). */
export function projectContext(dir, framework) {
  const projectDir = findProjectDir(dir);
  let project = null;
  try {
    project = projectDir ? detectProject(projectDir) : null;
  } catch {
    // An unreadable package.json only costs framework-specific advice.
  }
  const deps = project?.packageJson?.json ? { ...project.packageJson.json.dependencies, ...project.packageJson.json.devDependencies } : {};
  return {
    framework: framework ?? project?.framework ?? null,
    frameworkSource: framework ? 'argument' : (project?.framework ? project.frameworkSource : 'none'),
    backends: project?.backends ?? [],
    ts: 'typescript' in deps,
  };
}

const family = (ruleId) => ruleId.split('.')[0];

/** The server-side variable name: the public one without its prefix, or one named after the provider. */
export function serverEnvName(finding, variable) {
  if (variable) {
    const prefix = Object.values(FRAMEWORKS).flatMap((f) => f.publicPrefixes).sort((a, b) => b.length - a.length).find((p) => variable.startsWith(p));
    return prefix ? variable.slice(prefix.length) : variable;
  }
  const fam = family(finding.rule_id);
  return ENV_NAMES[fam] ?? `${fam.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()}_API_KEY`;
}

/** The names these providers' own docs and SDKs use, where `<FAMILY>_API_KEY` would be wrong. */
const ENV_NAMES = {
  stripe: 'STRIPE_SECRET_KEY',
  supabase: 'SUPABASE_SERVICE_ROLE_KEY',
  aws: 'AWS_SECRET_ACCESS_KEY',
  database: 'DATABASE_URL',
  github: 'GITHUB_TOKEN',
  gitlab: 'GITLAB_TOKEN',
  slack: 'SLACK_BOT_TOKEN',
  twilio: 'TWILIO_AUTH_TOKEN',
  privatekey: 'PRIVATE_KEY',
  jwt: 'JWT_SECRET',
};

const routeName = (finding) => {
  const fam = family(finding.rule_id);
  if (fam === 'stripe') return 'checkout';
  if (fam === 'supabase') return 'admin';
  return fam.toLowerCase().replace(/[^a-z0-9]+/g, '-');
};

/** Credentials that are not "an API call to move": private keys, service accounts, database URLs, signing secrets. */
const isServerIdentity = (ruleId) => ['privatekey', 'database', 'jwt'].includes(family(ruleId)) || /private-key|service-account|ssh|pgp|signing/.test(ruleId);

/**
 * Where the key should live instead, for this project: 'edge-function' (a Supabase
 * project without a server of its own), 'framework-route', or 'backend'.
 */
function serverPlace(finding, ctx) {
  const fw = ctx.framework ? FRAMEWORKS[ctx.framework] : undefined;
  if (fw?.hasServer) return 'framework-route';
  if (ctx.backends.includes('supabase') || family(finding.rule_id) === 'supabase') return 'edge-function';
  return 'backend';
}

function edgeFunction(c, { serviceRole }) {
  const cors = "const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': 'authorization, x-client-info, apikey, content-type' };";
  const body = serviceRole
    ? [
        "  // SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY are set for every Edge Function; check the caller's JWT before privileged work.",
        "  const admin = createClient(Deno.env.get('SUPABASE_URL')!, Deno.env.get('SUPABASE_SERVICE_ROLE_KEY')!);",
        '  const result = await doPrivilegedWork(admin, input);',
      ]
    : [
        `  const key = Deno.env.get('${c.envName}'); // supabase secrets set ${c.envName}=…`,
        `  // Call ${c.provider} here with the key; return only what the page needs.`,
        `  const result = await call${c.route.replace(/(^|-)(\w)/g, (_, __, x) => x.toUpperCase())}(input, key);`,
      ];
  return {
    path: `supabase/functions/${c.route}/index.ts`,
    language: 'typescript',
    code: [
      `// Deploy: supabase functions deploy ${c.route}. Runs on Supabase's servers; the browser never sees the key.`,
      ...(serviceRole ? ["import { createClient } from 'npm:@supabase/supabase-js@2';", ''] : []),
      cors,
      '',
      'Deno.serve(async (req) => {',
      "  if (req.method === 'OPTIONS') return new Response('ok', { headers: cors });",
      '  const input = await req.json();',
      ...body,
      '  return Response.json(result, { headers: cors });',
      '});',
    ].join('\n'),
  };
}

/**
 * @typedef {object} Explanation
 * @property {string} rule_id
 * @property {string} title
 * @property {string} provider
 * @property {string} severity
 * @property {string} verdict
 * @property {boolean} must_not_ship
 * @property {string} what_it_unlocks
 * @property {string} why
 * @property {{ id: string | null, name: string, source: string }} framework
 * @property {{ summary: string, steps: string[], files: Array<{ path: string, language: string, code: string }> }} fix
 * @property {string | null} rotate
 * @property {string} remediation
 * @property {string[]} references
 */

/**
 * @param {{ rule_id: string, title: string, provider: string, severity: string, verdict: string,
 *   verdict_reason?: string, description: string, remediation: string }} finding a report finding or a rule
 * @param {FixContext & { variable?: string | null, references?: string[] }} ctx
 * @returns {Explanation}
 */
export function explainFinding(finding, ctx) {
  const fw = ctx.framework ? FRAMEWORKS[ctx.framework] : undefined;
  const framework = { id: fw ? ctx.framework : null, name: fw?.name ?? 'unknown framework', source: ctx.frameworkSource };
  const base = {
    rule_id: finding.rule_id,
    title: finding.title,
    provider: finding.provider,
    severity: finding.severity,
    verdict: finding.verdict,
    must_not_ship: finding.verdict !== 'publishable',
    what_it_unlocks: finding.description,
    framework,
    remediation: finding.remediation,
    references: ctx.references ?? [],
  };
  const reason = finding.verdict_reason ? `${finding.verdict_reason}. ` : '';

  if (finding.verdict === 'publishable') {
    const rls = family(finding.rule_id) === 'supabase' ? ' Make sure Row Level Security is enabled on every table: this key only grants what your policies allow.' : ' Where the provider offers it, restrict the key to your domains.';
    return {
      ...base,
      why: `${reason}It is meant to be public: anyone can read it from the page, and that is fine.`,
      fix: { summary: 'none needed: publishable by design', steps: [`Nothing to move.${rls}`], files: [] },
      rotate: null,
    };
  }

  const c = { route: routeName(finding), envName: serverEnvName(finding, ctx.variable), provider: finding.provider, ts: ctx.ts };
  const exposure = ctx.variable && fw?.publicPrefixes.some((p) => ctx.variable.startsWith(p))
    ? `${ctx.variable} has the ${fw.publicPrefixes.find((p) => ctx.variable.startsWith(p))} prefix, so ${fw.name} inlines its value into the JavaScript every visitor downloads.`
    : 'Everything in a browser bundle, source map or public file can be read by anyone who opens the page (view-source, devtools, or a script that downloads the bundle).';
  const why = `${reason}${exposure}`;
  const rotate = `Rotate or revoke it in the ${finding.provider} dashboard: treat it as leaked if a build with it was ever deployed or committed.`;
  const rename = ctx.variable && ctx.variable !== c.envName
    ? `Rename ${ctx.variable} to ${c.envName} (no public prefix) in your .env files and your host's settings, so the bundler never inlines it.`
    : `Keep the key in a server-side variable (${c.envName}) without a public prefix; never reference it from client code or define/DefinePlugin.`;

  if (finding.verdict === 'review') {
    const place = fw?.serverRouteSummary?.(c) ?? `a server route reading process.env.${c.envName}`;
    return {
      ...base,
      why,
      fix: {
        summary: `restrict it (allowed domains/APIs) if it only serves browser features, else move its calls to ${place}`,
        steps: [
          finding.remediation,
          `If it only powers browser features, restrict it in the ${finding.provider} console (allowed HTTP referrers and APIs) and allowlist its fingerprint in spillproof.toml.`,
          `If it calls paid or private APIs, move those calls to ${place}.`,
        ],
        files: [],
      },
      rotate: null,
    };
  }

  if (finding.rule_id === 'env.server-value') {
    return {
      ...base,
      why,
      fix: {
        summary: `remove ${ctx.variable ?? 'the variable'} from define/DefinePlugin and from client code; read it only on the server`,
        steps: [`Remove the define/DefinePlugin entry (or client reference) that inlines ${ctx.variable ?? 'it'}.`, rename, rotate],
        files: [],
      },
      rotate,
    };
  }

  const place = serverPlace(finding, ctx);
  const isStripe = family(finding.rule_id) === 'stripe';
  const isSupabaseAdmin = family(finding.rule_id) === 'supabase';
  const steps = [rotate, rename];
  let files = [];
  let summary;

  if (isServerIdentity(finding.rule_id)) {
    const where = place === 'framework-route' ? fw.serverRouteSummary(c) : place === 'edge-function' ? 'a Supabase Edge Function' : 'your backend or a serverless function';
    summary = `a ${finding.title} belongs only on a server: use it from ${where}`;
    steps.push(`Remove it from the client code and load it on the server only (${where}).`);
  } else if (place === 'framework-route') {
    summary = `move the ${finding.provider} call to ${fw.serverRouteSummary(c)}`;
    files = fw.serverRoute?.(c) ?? [];
    steps.push(`Move the ${finding.provider} call into ${fw.serverRouteSummary(c)}.`, `Call it from the browser: ${clientCall(c)}`);
  } else if (place === 'edge-function') {
    summary = isSupabaseAdmin
      ? `use only the anon/publishable key in the browser; move privileged queries to a Supabase Edge Function (supabase/functions/${c.route})`
      : `move the ${finding.provider} call to a Supabase Edge Function (supabase/functions/${c.route}, key via \`supabase secrets set ${c.envName}\`) and call it with supabase.functions.invoke('${c.route}')`;
    files = [edgeFunction(c, { serviceRole: isSupabaseAdmin })];
    steps.push(
      isSupabaseAdmin
        ? 'In the browser, create the Supabase client with the anon or sb_publishable_ key only, and rely on Row Level Security.'
        : `Store the key as an Edge Function secret: supabase secrets set ${c.envName}=<the new key>.`,
      `Move the privileged work into the Edge Function (supabase/functions/${c.route}/index.ts), then call it from the browser: const { data, error } = await supabase.functions.invoke('${c.route}', { body: input });`,
    );
  } else {
    summary = `move the ${finding.provider} call to ${fw?.serverRouteSummary?.(c) ?? `a server route (/api/${c.route}) or serverless function reading process.env.${c.envName}`}`;
    files = fw?.serverRoute?.(c) ?? FRAMEWORKS.vite.serverRoute(c).slice(0, 1);
    steps.push(`Move the ${finding.provider} call into ${fw?.serverRouteSummary?.(c) ?? `a server route or serverless function reading process.env.${c.envName}`}.`, `Call it from the browser: ${clientCall(c)}`);
  }
  if (isStripe) {
    steps.push('Create Checkout Sessions / PaymentIntents on the server with the secret key; the browser only needs the pk_live_ publishable key.');
  }
  steps.push('Build again (or run `spillproof scan`) to confirm nothing secret ships.');
  return { ...base, why, fix: { summary, steps, files }, rotate };
}

/** One line for `--format agent`: the fix summary plus rotation when the key is a secret. */
export function shortFix(finding, ctx) {
  const { fix, rotate } = explainFinding(finding, ctx);
  return rotate ? `${fix.summary}; rotate the key` : fix.summary;
}
