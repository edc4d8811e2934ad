// explain_finding: what a finding's key unlocks, why it must not ship, and the concrete
// fix (steps and code) for the project's framework.

import path from 'node:path';

import { explainFinding, projectContext } from '../../explain/index.js';
import { ExplainInput, ExplainOutput } from '../schemas.js';
import { errorResult } from '../results.js';

export const explainFindingTool = {
  name: 'explain_finding',
  config: {
    title: 'Explain a finding and how to fix it',
    description: [
      'For a fingerprint from scan_paths / scan_text / check_env in this session (or a rule_id): what the key unlocks,',
      'why it must not ship, whether to rotate it, and the concrete fix for the detected framework, with code:',
      'e.g. a Next.js Route Handler or Server Action, a SvelteKit +server route, a Supabase Edge Function,',
      'or a Vite dev proxy plus a server route. Read-only.',
    ].join(' '),
    inputSchema: ExplainInput,
    outputSchema: ExplainOutput,
    annotations: { title: 'Explain a finding', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  },
  /** @param {import('../session.js').Session} session */
  handler: (session) => async ({ fingerprint, rule_id: ruleId, framework, project_dir: projectDirArg }) => {
    if (!fingerprint && !ruleId) return errorResult('Give a fingerprint (from a scan in this session) or a rule_id.');
    let remembered;
    let finding;
    try {
      if (fingerprint) {
        remembered = session.recall(fingerprint);
        if (!remembered) return errorResult(`Unknown fingerprint ${fingerprint}: fingerprints are remembered for this session only. Scan again (scan_paths, scan_text or check_env), or pass rule_id.`);
        finding = remembered.finding;
      } else {
        finding = await session.rule(ruleId);
        if (!finding) return errorResult(`Unknown rule id ${ruleId}. Rule ids look like "openai.project-key" (run \`spillproof rules\` for the list).`);
        finding = { ...finding, rule_id: finding.id };
      }
    } catch (error) {
      return errorResult(`Cannot explain: ${error.message}`);
    }
    const rule = await session.rule(finding.rule_id).catch(() => undefined);
    const projectDir = projectDirArg ? path.resolve(session.cwd, projectDirArg) : remembered?.projectDir ?? session.cwd;
    const ctx = projectContext(projectDir, framework);
    const explanation = explainFinding(finding, { ...ctx, variable: remembered?.variable ?? null, references: rule?.references ?? [] });
    const structured = {
      ...explanation,
      finding: remembered
        ? { file: finding.file, line: finding.line, column: finding.column, redacted: finding.redacted ?? null, variable: remembered.variable ?? null }
        : null,
    };
    return { content: [{ type: 'text', text: render(structured) }], structuredContent: structured };
  },
};

/** Markdown for the model's context: the same facts as structuredContent. */
function render(e) {
  const lines = [
    `## ${e.title} (${e.rule_id}): ${e.verdict}, ${e.severity}`,
    e.finding ? `Found: ${e.finding.file}:${e.finding.line}:${e.finding.column}${e.finding.variable ? ` in ${e.finding.variable}` : ''}${e.finding.redacted ? ` (${e.finding.redacted})` : ''}` : '',
    `What it unlocks: ${e.what_it_unlocks}`,
    `Why: ${e.why}`,
    `Fix for ${e.framework.name}: ${e.fix.summary}`,
    ...e.fix.steps.map((s, i) => `${i + 1}. ${s}`),
  ].filter(Boolean);
  for (const f of e.fix.files) lines.push('', `\`${f.path}\`:`, `\`\`\`${f.language}`, f.code, '```');
  if (e.references.length) lines.push('', `References: ${e.references.join(' ')}`);
  return lines.join('\n');
}
