// The bundler-independent half of the plugins: one Gate per plugin instance. Adapters call
// `checkEnvironment` before bundling and `checkOutput` with the final emitted assets; the
// Gate scans (with the same engine, policy and reporters as the CLI), adds environment
// findings and provenance, applies allow/baseline, writes the report file and returns the
// one message block plus whether the build must stop.

import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';

import { loadConfig } from '../config.js';
import { scanAssets } from '../scan.js';
import { applyBaseline, loadBaseline } from '../baseline.js';
import { isBlocking, SEVERITIES } from '../policy.js';
import { buildReport, formatJson } from '../report/json.js';
import { buildSarif } from '../report/sarif.js';
import { engineFor } from './engine-host.js';
import { clientExposures, envFingerprint, findValue, isPlainSetting, redactValue, serverOnlyValues } from './env.js';
import { formatBlock } from './message.js';
import { locationOf, Provenance } from './provenance.js';

const VERSION = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;

/** The build must stop; `message` is the whole block (redacted values only). */
export class SpillproofError extends Error {
  name = 'SpillproofError';
}

const SERVER_VALUE_RULE = {
  rule_id: 'env.server-value',
  provider: 'Environment',
  title: 'Server-only environment variable value',
  severity: 'high',
  verdict: 'secret',
  description: 'A variable without a client prefix is meant for the server, yet its value was inlined into code that every visitor downloads; whatever it unlocks is public once this ships.',
  remediation: 'Stop inlining it: remove it from `define` (or from the whole `process.env` object passed to define) and read it only in server code (an API route or server function). If it really is public, give it the client prefix so the intent is explicit. Rotate it if a build with it was ever deployed.',
};

/** The fix for a client-exposed secret: the required first sentence, then how to stop the inlining. */
function exposureFix(exposure) {
  const stop = exposure.prefix
    ? `Rename ${exposure.name} without the ${exposure.prefix} prefix so the bundler stops exposing it.`
    : `Take ${exposure.via} out of \`define\` so the bundler stops inlining it.`;
  return `Move the call to a server function; keep only the publishable key on the client. ${stop}`;
}

export class Gate {
  #options;
  #setup;
  #root;
  /** Promise of the engine: created early, awaited only where a scan needs it. */
  #engine;
  /** A config file was read: it may be wrong (then the engine fails) or add rules. */
  #configFile;
  #baseline;
  #allow;
  #env = { exposures: [], serverValues: [], vars: new Map() };
  #envFindings = [];

  /** @param {ReturnType<import('./options.js').resolveOptions>} options */
  constructor(options) {
    this.#options = options;
    this.#allow = new Set(options.allow);
  }

  get options() {
    return this.#options;
  }

  /**
   * Starts loading config, engine and baseline, once (the first root given decides relative
   * paths). Adapters call it as soon as the bundler tells them the root, so the engine
   * compiles while the bundler works; errors surface when a check awaits it.
   */
  prepare(root) {
    if (!this.#setup) {
      this.#setup = (async () => {
        this.#root = root;
        const { config, file } = await loadConfig(this.#options.config, root);
        this.#configFile = file;
        const merged = { ...config, allow: { fingerprints: [...(config?.allow?.fingerprints ?? []), ...this.#options.allow] } };
        this.#engine = engineFor(merged);
        this.#engine.catch(() => {}); // awaited (and reported) by the checks
        if (this.#options.baseline) this.#baseline = await loadBaseline(path.resolve(root, this.#options.baseline));
      })();
      this.#setup.catch(() => {}); // awaited (and reported) by the checks
    }
    return this.#setup;
  }

  /**
   * Before bundling: fails when a client-exposed variable holds a secret.
   * @param {string} root
   * @param {import('./env.js').EnvContext | undefined} ctx undefined when env checks are off
   * Throws SpillproofError (with the whole message block) when the build must stop.
   */
  async checkEnvironment(root, ctx) {
    await this.prepare(root);
    this.#envFindings = [];
    // Without a config file the built-in rules always compile, and bundling need not wait
    // for the engine. A config file can be wrong (an unknown rule id, a bad field): that
    // must stop the build here, before bundling.
    if (this.#configFile) await this.#engine;
    if (!this.#options.env || !ctx) return;
    this.#env = { exposures: clientExposures(ctx), serverValues: serverOnlyValues(ctx), vars: ctx.vars };
    // NODE_ENV=production and the like are settings, not keys (no built-in rule matches
    // them; a test checks it): when nothing else is exposed, bundling does not wait for
    // the engine to compile. A config file's own rules could match anything: then every
    // value is scanned.
    const toScan = this.#env.exposures.filter((e) => this.#configFile || !isPlainSetting(e.value));
    const engine = toScan.length > 0 ? await this.#engine : null;
    for (const exposure of toScan) {
      const { findings } = await engine.scan(`env:${exposure.name}`, exposure.value, 'text');
      for (const finding of findings) {
        const declared = exposure.file ? this.#display(exposure.file) : '(environment)';
        this.#envFindings.push({
          ...finding,
          remediation: finding.verdict === 'publishable' ? finding.remediation : `${exposureFix(exposure)} ${finding.remediation}`,
          file: declared,
          location: { ...finding.location, line: exposure.line ?? 1, column: 1, end_line: exposure.line ?? 1, end_column: 1, column_utf16: 1, end_column_utf16: 1 },
          extra: { phase: 'env', variable: exposure.name, exposed_as: exposure.via, exposure: exposure.why },
        });
      }
    }
    // In warn mode the findings wait for the output's block: one message per build.
    const { findings: fresh } = applyBaseline(this.#envFindings, this.#baseline);
    const blocking = fresh.filter((f) => isBlocking(f, this.#options.failOn));
    if (blocking.length === 0 || this.#options.mode === 'warn') return;
    const { message } = await this.#conclude({ findings: this.#envFindings, skipped: [], stats: { files: 0, bytes: 0, duration_ms: 0 } }, 'env');
    throw new SpillproofError(message);
  }

  /**
   * After bundling, with every emitted asset.
   * @param {Array<import('../scan.js').Asset & { name: string, map?: Function, mapFile?: string, inputs?: Function }>} assets
   * @returns {Promise<{ blocked: boolean, level: 'error'|'warn'|'info', message: string, report: object }>}
   */
  async checkOutput(root, assets) {
    await this.prepare(root);
    // An engine that failed to start scans nothing: every asset is then listed as not
    // scanned (incomplete), which blocks the build through the adapter's usual path.
    const engine = await this.#engine.catch((error) => ({ scan() { throw error; } }));
    const { include, exclude, scanSourceMaps } = this.#options;
    const selected = picomatch(include, { dot: true, ignore: exclude });
    const contents = new Map();
    const chosen = assets
      .filter((a) => selected(a.name) && (scanSourceMaps || !a.name.endsWith('.map')))
      .map((a) => ({ ...a, read: async () => {
        const content = await a.read();
        const bytes = typeof content === 'string' ? Buffer.from(content) : Buffer.from(content.buffer, content.byteOffset, content.byteLength);
        contents.set(a.file, bytes);
        return bytes;
      } }));
    const result = await scanAssets(engine, chosen);
    const binary = new Set(result.skipped.filter((s) => s.code === 'binary').map((s) => s.file));
    const byFile = new Map(chosen.map((a) => [a.file, a]));
    const valueNames = new Map([...this.#env.vars].map(([name, v]) => [v.value, name]));
    const provenance = new Provenance(root);

    const ruleFindings = result.findings.map((finding) => {
      const bytes = contents.get(finding.file);
      const raw = bytes?.subarray(finding.location.start, finding.location.end).toString('utf8');
      const variable = raw ? valueNames.get(raw) : undefined;
      const asset = byFile.get(finding.file);
      // The plugin's own lookup (the bundler's maps and modules) first; for a finding in a
      // `.map` file's sourcesContent it has nothing, and the engine's original position stands.
      const located = asset && raw ? provenance.locate(asset, finding.location, { value: raw, variable }) : null;
      const source = located ?? provenance.fromEngine(asset, finding.source);
      return { ...finding, source, extra: { phase: 'output', variable: variable ?? null } };
    });

    const envFindings = [];
    let suppressed = result.suppressed ?? 0;
    if (this.#options.env) {
      for (const [file, bytes] of contents) {
        if (binary.has(file) || this.#env.serverValues.length === 0) continue;
        const text = bytes.toString('utf8');
        for (const { name, value } of this.#env.serverValues) {
          const fingerprint = envFingerprint(name, value);
          for (const hit of findValue(text, value)) {
            if (this.#allow.has(fingerprint)) {
              suppressed += 1;
              continue;
            }
            const location = locationOf(text, hit.start, hit.end);
            const overlapping = ruleFindings.find((f) => f.file === file && f.location.start < location.end && location.start < f.location.end);
            // A rule that knows these bytes names them better, unless it only knows them as
            // something weaker (a medium "credential-like assignment"): the server-only
            // variable says they are a server secret, so that finding replaces it.
            const weaker = overlapping && overlapping.verdict !== 'publishable' &&
              SEVERITIES.indexOf(overlapping.severity) < SEVERITIES.indexOf(SERVER_VALUE_RULE.severity);
            if (overlapping && !weaker) {
              overlapping.extra.variable ??= name;
              continue;
            }
            if (weaker) ruleFindings.splice(ruleFindings.indexOf(overlapping), 1);
            envFindings.push({
              ...SERVER_VALUE_RULE,
              verdict_reason: `the value of ${name}, a server-only variable (no client prefix), is in the emitted file`,
              file, location, fingerprint,
              redacted: redactValue(value),
              source: provenance.locate(byFile.get(file), location, { variable: name }),
              extra: { phase: 'output', variable: name, exposed_as: `env ${name}` },
            });
          }
        }
      }
    }

    const findings = [...this.#envFindings, ...ruleFindings, ...envFindings];
    const { report, message, blocked } = await this.#conclude({ ...result, findings, suppressed }, 'output');
    const loud = report.findings.some((f) => f.verdict !== 'publishable');
    return { blocked, report, message, level: blocked ? 'error' : loud || !report.complete ? 'warn' : 'info' };
  }

  async #conclude(result, phase) {
    // The CLI's baseline rules (rule id + fingerprint); publishable keys are listed whatever
    // the baseline says: they are information, not alarms.
    const { findings: fresh, baselined } = applyBaseline(result.findings.filter((f) => f.verdict !== 'publishable'), this.#baseline);
    const kept = result.findings.filter((f) => f.verdict === 'publishable' || fresh.includes(f));
    const report = buildReport({ ...result, findings: kept, baselined }, { failOn: this.#options.failOn });
    report.findings.forEach((f, i) => Object.assign(f, { phase: 'output', variable: null }, kept[i].extra));
    const blocked = this.#options.mode === 'error' && (report.summary.blocking > 0 || (phase === 'output' && !report.complete));
    let reportFile;
    if (this.#options.report) {
      reportFile = path.resolve(this.#root, this.#options.report);
      await mkdir(path.dirname(reportFile), { recursive: true });
      const text = reportFile.endsWith('.sarif') ? `${JSON.stringify(buildSarif(report, { version: VERSION }), null, 2)}\n` : formatJson(report);
      await writeFile(reportFile, text);
    }
    const message = formatBlock(report, { mode: this.#options.mode, phase, blocked, reportFile: reportFile && this.#display(reportFile) });
    return { report, message, blocked };
  }

  #display(file) {
    const relative = path.relative(this.#root, file);
    return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative.split(path.sep).join('/') : file;
  }
}
