// `spillproof init`: sets a project up so a build that would ship a secret fails.
// - Vite, webpack, Rspack, Rollup configs and esbuild build scripts get the plugin
//   (config-edit.js, on the AST);
// - frameworks whose bundler config is not ours to edit (Next.js, Create React App, Astro,
//   Nuxt, Gatsby, Vue CLI) get a post-build `spillproof scan <their output>`;
// - every project gets a `check:secrets` script and spillproof as a devDependency.
// Idempotent: a second run changes nothing. A config it cannot edit safely is left as it
// is and the snippet to add by hand is printed (exit 2).

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { detectProject, ProjectError } from '../project/detect.js';
import { FRAMEWORKS } from '../explain/frameworks.js';
import { addPluginToConfig, addPluginToEsbuildScript, importLine, UnsafeEditError } from './config-edit.js';
import { PackageJsonEdit } from './package-json.js';

export const INIT_EXIT = { DONE: 0, MANUAL_STEP: 2 };

const HELP = `Usage: spillproof init [--dry-run]

Adds the spillproof plugin to this project's Vite / webpack / Rspack / Rollup config or esbuild
build script (Next.js, Create React App, Astro, Nuxt, Gatsby, Vue CLI: a post-build scan of the
output), a "check:secrets" script and the devDependency. Prints what it changed; running it
again changes nothing. A config it cannot edit safely is left alone and the snippet to add by
hand is printed (exit 2).

  --dry-run   print what would change, write nothing
`;

const BUNDLERS = ['vite', 'webpack', 'rspack', 'rollup'];
/** Frameworks that build with their own bundler config: gate them after the build. */
const POST_BUILD = new Set(['next', 'cra', 'astro', 'nuxt', 'gatsby', 'vue-cli']);
/** pre/post scripts do not run under these (pnpm ≥ 7 by default, Yarn 2+): chain into build instead. */
const NO_POST_SCRIPTS = new Set(['pnpm', 'yarn-berry']);

export async function runInit(args, { stdout, stderr, cwd, version }) {
  let values;
  try {
    ({ values } = parseArgs({ args, options: { 'dry-run': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (error) {
    stderr.write(`spillproof init: ${error.message}\n${HELP}`);
    return INIT_EXIT.MANUAL_STEP;
  }
  if (values.help) {
    stdout.write(HELP);
    return INIT_EXIT.DONE;
  }
  const dryRun = values['dry-run'] === true;

  let project;
  try {
    project = detectProject(cwd);
  } catch (error) {
    if (!(error instanceof ProjectError)) throw error;
    stderr.write(`spillproof init: ${error.message}\n`);
    return INIT_EXIT.MANUAL_STEP;
  }
  if (!project.packageJson) {
    stderr.write(`spillproof init: no package.json in ${cwd}: run it in your project's folder.\n`);
    return INIT_EXIT.MANUAL_STEP;
  }

  const pkg = new PackageJsonEdit(project.packageJson);
  const fileEdits = [];
  const lines = [];
  const manual = [];
  let outDir = null;
  const fw = project.framework;

  const edit = (file, bundler, apply) => {
    const full = path.join(cwd, file);
    let code;
    try {
      code = readFileSync(full, 'utf8');
    } catch (error) {
      manual.push({ file, reason: `it cannot be read (${error.code ?? error.message})`, snippet: snippet(bundler, file) });
      return;
    }
    try {
      const result = apply(code, file);
      outDir ??= result.outDir ?? null;
      if (result.status === 'present') {
        lines.push(`unchanged ${file}: spillproof is already in it`);
        return;
      }
      fileEdits.push({ full, code: result.code });
      lines.push(`${dryRun ? 'would change' : 'changed'} ${file}: added spillproof() to its plugins (${result.commonjs ? 'require' : 'import'} of spillproof/${bundler})`);
    } catch (error) {
      if (!(error instanceof UnsafeEditError)) throw error;
      manual.push({ file, reason: error.message, snippet: snippet(bundler, file) });
    }
  };

  for (const bundler of BUNDLERS) {
    const file = project.configs[bundler]?.[0];
    if (file && !POST_BUILD.has(fw)) edit(file, bundler, (code, filename) => addPluginToConfig(code, { bundler, filename }));
  }
  if (!POST_BUILD.has(fw)) for (const file of project.esbuildScripts) edit(file, 'esbuild', (code, filename) => addPluginToEsbuildScript(code, { filename }));

  const framework = fw ? FRAMEWORKS[fw] : undefined;
  // Meta-frameworks know where their client output is; a plain bundler's config says it.
  if (framework && !BUNDLERS.includes(fw) && fw !== 'esbuild') outDir = framework.output;
  if (POST_BUILD.has(fw)) {
    const command = `spillproof scan ${framework.output}`;
    if (NO_POST_SCRIPTS.has(project.packageManager) && pkg.script('build')) pkg.appendToScript('build', command);
    else if (pkg.script('build')) pkg.appendToScript('postbuild', command);
    else pkg.notes.push(`no "build" script: run \`${command}\` after building`);
  }

  const touched = fileEdits.length + manual.length + lines.length;
  if (touched === 0 && !POST_BUILD.has(fw)) {
    if (fw === 'esbuild') {
      // esbuild from the command line only: its CLI cannot load plugins.
      const scriptOut = Object.values(project.packageJson.json.scripts ?? {}).join(' ').match(/--outdir[= ](\S+)/)?.[1];
      outDir = scriptOut ?? null;
      manual.push({ file: 'package.json', reason: 'esbuild runs from the command line here, and its CLI cannot load plugins: call its JS API from a build script', snippet: snippet('esbuild', 'build.mjs') });
    } else if (framework) {
      manual.push({ file: 'the bundler config', reason: `${framework.name} has no config file spillproof can edit`, snippet: 'add the plugin to the bundler config it uses, or run `spillproof scan <build output>` after each build' });
    } else {
      stderr.write(`spillproof init: no bundler found in ${cwd} (no Vite/webpack/Rspack/Rollup config, esbuild script or known framework in package.json).\n`);
      return INIT_EXIT.MANUAL_STEP;
    }
  }

  if (outDir) pkg.addScript('check:secrets', `spillproof scan ${outDir}`);
  else pkg.notes.push('no "check:secrets" script: the build\'s output folder could not be read from the config; add "spillproof scan <output folder>"');
  pkg.addDevDependency('spillproof', `^${version}`);
  for (const change of pkg.changes) lines.push(`${dryRun ? 'would change' : 'changed'} package.json: ${change}`);

  if (!dryRun) {
    for (const { full, code } of fileEdits) writeFileSync(full, code);
    if (pkg.changed) writeFileSync(pkg.file, pkg.text());
  }

  const out = [`spillproof init: ${framework?.name ?? 'unknown'} project (${project.frameworkSource})`];
  for (const line of lines) out.push(`  ${line}`);
  for (const note of pkg.notes) out.push(`  note: ${note}`);
  for (const m of manual) {
    out.push(`  NOT CHANGED ${m.file}: ${m.reason}. Add this by hand:`);
    for (const line of m.snippet.split('\n')) out.push(`      ${line}`);
  }
  const changed = fileEdits.length + pkg.changes.length;
  if (changed === 0 && manual.length === 0) out.push('Nothing to change: spillproof is already set up.');
  else if (changed) out.push(`${dryRun ? 'Would make' : 'Made'} ${changed} change${changed === 1 ? '' : 's'}.${outDir ? ` \`npm run check:secrets\` scans ${outDir}.` : ''}`);
  stdout.write(`${out.join('\n')}\n`);
  return manual.length ? INIT_EXIT.MANUAL_STEP : INIT_EXIT.DONE;
}

/** What to add by hand when a file cannot be edited safely. */
function snippet(bundler, file) {
  const commonjs = /\.c[jt]s$/.test(file) || (bundler === 'webpack' && /\.js$/.test(file));
  if (bundler === 'esbuild') {
    return [
      `// ${file}: run it with node instead of the esbuild CLI`,
      "import * as esbuild from 'esbuild';",
      importLine('esbuild', { commonjs: false }),
      '',
      "await esbuild.build({ entryPoints: ['src/main.js'], bundle: true, outdir: 'dist', plugins: [spillproof()] });",
    ].join('\n');
  }
  return [importLine(bundler, { commonjs }), '// and in the config object: plugins: [spillproof()]'].join('\n');
}
