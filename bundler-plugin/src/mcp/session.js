// What one MCP connection keeps between tool calls: the engine (loaded once, with the
// project's spillproof.toml), and the findings of earlier scans by fingerprint, so
// explain_finding can answer for "that one" without the agent passing anything back.
// Only report findings are kept (redacted value + fingerprint): never a raw secret.

import { Engine } from '@spillproof/engine';

import { loadConfig } from '../config.js';

/** Enough for any sane session; the oldest are forgotten first. */
const MAX_REMEMBERED = 10_000;

export class Session {
  #engine = null;
  #findings = new Map();

  /** @param {string} cwd the folder relative paths and the config file are read from */
  constructor(cwd) {
    this.cwd = cwd;
  }

  /** The engine, created on first use; a config error is thrown to each caller (and retried next time). */
  engine() {
    if (!this.#engine) {
      this.#engine = (async () => {
        const { config } = await loadConfig(undefined, this.cwd);
        return Engine.create({ config });
      })();
      this.#engine.catch(() => { this.#engine = null; });
    }
    return this.#engine;
  }

  /** The rule metadata of `id` (description, remediation, references), or undefined. */
  async rule(id) {
    const engine = await this.engine();
    this.rules ??= engine.rules();
    return this.rules.find((r) => r.id === id);
  }

  /**
   * @param {object} finding a report finding (redacted)
   * @param {{ projectDir: string, variable?: string | null }} context
   */
  remember(finding, context) {
    this.#findings.delete(finding.fingerprint);
    this.#findings.set(finding.fingerprint, { finding, ...context });
    if (this.#findings.size > MAX_REMEMBERED) this.#findings.delete(this.#findings.keys().next().value);
  }

  recall(fingerprint) {
    return this.#findings.get(fingerprint);
  }
}
