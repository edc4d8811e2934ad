// What each framework does with environment variables and where its server-side code
// lives: the facts a fix depends on. Data, read by explain/index.js (the fix), the MCP
// server's check_env (which prefixes reach the browser) and `spillproof init` (where the
// build output is).

/**
 * @typedef {object} Framework
 * @property {string} name
 * @property {string[]} publicPrefixes  variables with these prefixes are inlined into client code
 * @property {(name: string) => string} clientRead  how client code reads a public variable
 * @property {string} output  the folder of built client assets, for `spillproof scan`
 * @property {boolean} hasServer  the framework runs server code of its own (routes, actions)
 * @property {(c: RouteContext) => FixFile[]} [serverRoute]  server code that holds the key
 * @property {(c: RouteContext) => string} [serverRouteSummary]
 */

/**
 * @typedef {{ route: string, envName: string, provider: string, ts: boolean }} RouteContext
 * @typedef {{ path: string, language: string, code: string }} FixFile
 */

/** The body every POST handler fix shares: read the input, call the provider with the key
 * the server reads as `keyExpr`, answer with `respond` (Response.json, or a framework's). */
const handlerBody = (c, keyExpr, respond = 'Response.json') => [
  '  const input = await request.json();',
  `  ${callComment(c)}`,
  `  return ${respond}(await call${pascal(c.route)}(input, ${keyExpr}));`,
];

const callComment = (c) => `// Call ${c.provider} here with the key from the server's environment; return only what the page needs.`;

/** A browser call to the server route (one line, same for every framework with routes). */
export const clientCall = (c) => `const result = await fetch('/api/${c.route}', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) }).then((r) => r.json());`;

/** @type {Record<string, Framework>} */
export const FRAMEWORKS = {
  next: {
    name: 'Next.js',
    publicPrefixes: ['NEXT_PUBLIC_'],
    clientRead: (name) => `process.env.${name}`,
    output: '.next/static',
    hasServer: true,
    serverRouteSummary: (c) => `a Next.js Route Handler (app/api/${c.route}/route.${c.ts ? 'ts' : 'js'}) or a Server Action ('use server') that reads process.env.${c.envName}`,
    serverRoute: (c) => [{
      path: `app/api/${c.route}/route.${c.ts ? 'ts' : 'js'}`,
      language: c.ts ? 'typescript' : 'javascript',
      code: [
        `// Runs only on the server: process.env.${c.envName} (no NEXT_PUBLIC_ prefix) never reaches the browser.`,
        `export async function POST(request${c.ts ? ': Request' : ''}) {`,
        '  const input = await request.json();',
        `  const key = process.env.${c.envName};`,
        `  ${callComment(c)}`,
        `  const result = await call${pascal(c.route)}(input, key);`,
        '  return Response.json(result);',
        '}',
      ].join('\n'),
    }],
  },
  vite: {
    name: 'Vite',
    publicPrefixes: ['VITE_'],
    clientRead: (name) => `import.meta.env.${name}`,
    output: 'dist',
    hasServer: false,
    serverRouteSummary: (c) => `a server route (/api/${c.route}) on your backend or a serverless function that reads process.env.${c.envName}; in development the Vite dev server proxies /api to it (server.proxy in vite.config)`,
    serverRoute: (c) => [
      {
        path: `api/${c.route}.${c.ts ? 'ts' : 'js'}`,
        language: c.ts ? 'typescript' : 'javascript',
        code: [
          `// A server route (a serverless function, or a route of your Express/Hono server): the key stays here.`,
          `export async function POST(request${c.ts ? ': Request' : ''}) {`,
          '  const input = await request.json();',
          `  const key = process.env.${c.envName};`,
          `  ${callComment(c)}`,
          `  const result = await call${pascal(c.route)}(input, key);`,
          '  return Response.json(result);',
          '}',
        ].join('\n'),
      },
      {
        path: `vite.config.${c.ts ? 'ts' : 'js'}`,
        language: c.ts ? 'typescript' : 'javascript',
        code: [
          '// Development only: the dev server forwards /api to the local server that holds the key.',
          'export default defineConfig({',
          "  server: { proxy: { '/api': 'http://localhost:8787' } },",
          '});',
        ].join('\n'),
      },
    ],
  },
  sveltekit: {
    name: 'SvelteKit',
    publicPrefixes: ['PUBLIC_', 'VITE_'],
    clientRead: (name) => (name.startsWith('PUBLIC_') ? `$env/static/public (${name})` : `import.meta.env.${name}`),
    output: '.svelte-kit/output/client',
    hasServer: true,
    serverRouteSummary: (c) => `a SvelteKit server route (src/routes/api/${c.route}/+server.${c.ts ? 'ts' : 'js'}) or a form action that imports ${c.envName} from $env/static/private`,
    serverRoute: (c) => [{
      path: `src/routes/api/${c.route}/+server.${c.ts ? 'ts' : 'js'}`,
      language: c.ts ? 'typescript' : 'javascript',
      code: [
        `// $env/static/private can only be imported by server code: SvelteKit refuses to bundle it for the browser.`,
        `import { ${c.envName} } from '$env/static/private';`,
        "import { json } from '@sveltejs/kit';",
        '',
        `export async function POST({ request }) {`,
        ...handlerBody(c, c.envName, 'json'),
        '}',
      ].join('\n'),
    }],
  },
  astro: {
    name: 'Astro',
    publicPrefixes: ['PUBLIC_'],
    clientRead: (name) => `import.meta.env.${name}`,
    output: 'dist',
    hasServer: true,
    serverRouteSummary: (c) => `an Astro server endpoint (src/pages/api/${c.route}.${c.ts ? 'ts' : 'js'}, on-demand rendered) that reads import.meta.env.${c.envName}`,
    serverRoute: (c) => [{
      path: `src/pages/api/${c.route}.${c.ts ? 'ts' : 'js'}`,
      language: c.ts ? 'typescript' : 'javascript',
      code: [
        '// Rendered on demand on the server (needs an adapter); variables without PUBLIC_ stay server-side.',
        'export const prerender = false;',
        '',
        `export async function POST({ request }) {`,
        ...handlerBody(c, `import.meta.env.${c.envName}`),
        '}',
      ].join('\n'),
    }],
  },
  nuxt: {
    name: 'Nuxt',
    publicPrefixes: ['NUXT_PUBLIC_'],
    clientRead: (name) => `useRuntimeConfig().public (${name})`,
    output: '.output/public',
    hasServer: true,
    serverRouteSummary: (c) => `a Nuxt server route (server/api/${c.route}.post.${c.ts ? 'ts' : 'js'}) that reads a private runtimeConfig key (set by NUXT_${c.envName})`,
    serverRoute: (c) => [{
      path: `server/api/${c.route}.post.${c.ts ? 'ts' : 'js'}`,
      language: c.ts ? 'typescript' : 'javascript',
      code: [
        `// Top-level runtimeConfig keys are server-only; only runtimeConfig.public reaches the browser.`,
        'export default defineEventHandler(async (event) => {',
        '  const input = await readBody(event);',
        `  const key = useRuntimeConfig(event).${camel(c.envName)};`,
        `  ${callComment(c)}`,
        `  return call${pascal(c.route)}(input, key);`,
        '});',
      ].join('\n'),
    }],
  },
  remix: {
    name: 'React Router / Remix',
    publicPrefixes: ['VITE_'],
    clientRead: (name) => `import.meta.env.${name}`,
    output: 'build/client',
    hasServer: true,
    serverRouteSummary: (c) => `a route action or loader (server-only code, e.g. app/routes/api.${c.route}.${c.ts ? 'ts' : 'js'}) that reads process.env.${c.envName}`,
    serverRoute: (c) => [{
      path: `app/routes/api.${c.route}.${c.ts ? 'ts' : 'js'}`,
      language: c.ts ? 'typescript' : 'javascript',
      code: [
        '// Actions and loaders run on the server; keep the key out of components and .client modules.',
        `export async function action({ request }) {`,
        ...handlerBody(c, `process.env.${c.envName}`),
        '}',
      ].join('\n'),
    }],
  },
  expo: {
    name: 'Expo',
    publicPrefixes: ['EXPO_PUBLIC_'],
    clientRead: (name) => `process.env.${name}`,
    output: 'dist',
    hasServer: true,
    serverRouteSummary: (c) => `an Expo Router API route (app/api/${c.route}+api.${c.ts ? 'ts' : 'js'}) or your backend, reading process.env.${c.envName}`,
    serverRoute: (c) => [{
      path: `app/api/${c.route}+api.${c.ts ? 'ts' : 'js'}`,
      language: c.ts ? 'typescript' : 'javascript',
      code: [
        '// API routes run on the server; EXPO_PUBLIC_ variables are compiled into the app bundle.',
        `export async function POST(request${c.ts ? ': Request' : ''}) {`,
        ...handlerBody(c, `process.env.${c.envName}`),
        '}',
      ].join('\n'),
    }],
  },
  gatsby: {
    name: 'Gatsby',
    publicPrefixes: ['GATSBY_'],
    clientRead: (name) => `process.env.${name}`,
    output: 'public',
    hasServer: true,
    serverRouteSummary: (c) => `a Gatsby Function (src/api/${c.route}.${c.ts ? 'ts' : 'js'}) that reads process.env.${c.envName}`,
  },
  cra: {
    name: 'Create React App',
    publicPrefixes: ['REACT_APP_'],
    clientRead: (name) => `process.env.${name}`,
    output: 'build',
    hasServer: false,
    serverRouteSummary: (c) => `a server route (/api/${c.route}) on your backend or a serverless function that reads process.env.${c.envName}; in development CRA's "proxy" (package.json) forwards /api to it`,
  },
  'vue-cli': {
    name: 'Vue CLI',
    publicPrefixes: ['VUE_APP_'],
    clientRead: (name) => `process.env.${name}`,
    output: 'dist',
    hasServer: false,
    serverRouteSummary: (c) => `a server route (/api/${c.route}) on your backend or a serverless function that reads process.env.${c.envName}; in development devServer.proxy forwards /api to it`,
  },
};

/** Plain bundlers: nothing is exposed by prefix unless the config says so (define/DefinePlugin). */
for (const [id, name] of [['webpack', 'webpack'], ['rspack', 'Rspack'], ['rollup', 'Rollup'], ['esbuild', 'esbuild']]) {
  FRAMEWORKS[id] = {
    name,
    // The bundler plugins treat these conventional prefixes as public for every bundler.
    publicPrefixes: ['NEXT_PUBLIC_', 'REACT_APP_'],
    clientRead: (variable) => `process.env.${variable}`,
    output: 'dist',
    hasServer: false,
    serverRouteSummary: (c) => `a server route (/api/${c.route}) on your backend or a serverless function that reads process.env.${c.envName}; never put it in ${id === 'webpack' || id === 'rspack' ? 'DefinePlugin' : '`define`'}`,
    serverRoute: FRAMEWORKS.vite.serverRoute && ((c) => FRAMEWORKS.vite.serverRoute(c).slice(0, 1)),
  };
}

export const FRAMEWORK_IDS = Object.keys(FRAMEWORKS);

/** Every prefix any framework exposes: what check_env uses when the framework is unknown. */
export const ALL_PUBLIC_PREFIXES = [...new Set(Object.values(FRAMEWORKS).flatMap((f) => f.publicPrefixes))];

function pascal(text) {
  return text.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_, __, c) => c.toUpperCase());
}

function camel(envName) {
  const p = pascal(envName.toLowerCase());
  return p.charAt(0).toLowerCase() + p.slice(1);
}
