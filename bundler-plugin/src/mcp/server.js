// `spillproof mcp`: a Model Context Protocol server over stdio, so AI coding tools can ask
// "is this safe to ship, and if not, what exactly do I change?" locally. Read-only tools:
// scan_paths, scan_text, check_env, explain_finding.
//
// Built on the MCP TypeScript SDK v2 (@modelcontextprotocol/server; v2 replaced the single
// @modelcontextprotocol/sdk package of v1). serveStdio answers both protocol eras on one
// connection: the 2026-07-28 revision, and the 2025-era revisions (2025-11-25,
// 2025-06-18, 2025-03-26, 2024-11-05, 2024-10-07) that most clients speak today.
//
// stdout carries protocol messages only: nothing on this path may print (diagnostics go
// to stderr). No network: the engine and the rules are local.

import { McpServer, SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';

import { Session } from './session.js';
import { scanPathsTool } from './tools/scan-paths.js';
import { scanTextTool } from './tools/scan-text.js';
import { checkEnvTool } from './tools/check-env.js';
import { explainFindingTool } from './tools/explain-finding.js';

export const TOOLS = [scanPathsTool, scanTextTool, checkEnvTool, explainFindingTool];
export { SUPPORTED_PROTOCOL_VERSIONS };

const INSTRUCTIONS = [
  'Spillproof finds API keys and secrets that would ship to the browser, locally (nothing leaves the machine).',
  'Before deploying or after a build, call scan_paths on the build output (dist/, build/, .next/static).',
  'Before writing code or config that holds a key, call scan_text. For .env files, call check_env.',
  'For each blocking finding, call explain_finding with its fingerprint and apply the fix; publishable keys need no change.',
  'A result with isError (incomplete scan) is never clean.',
].join(' ');

/** One McpServer with the four tools, sharing `session` (so fingerprints outlive a probe instance). */
export function createMcpServer(session, version) {
  const server = new McpServer({ name: 'spillproof', version }, { capabilities: { tools: {} }, instructions: INSTRUCTIONS });
  for (const tool of TOOLS) server.registerTool(tool.name, tool.config, tool.handler(session));
  return server;
}

/**
 * Serves MCP on this process's stdin/stdout until the client closes stdin.
 * @param {{ cwd: string, version: string, stderr: NodeJS.WritableStream }} options
 */
export function startMcpServer({ cwd, version, stderr }) {
  const session = new Session(cwd);
  // Load the engine now so the first tool call is fast; a config error is reported per call.
  session.engine().catch(() => {});
  return serveStdio(() => createMcpServer(session, version), {
    onerror: (error) => stderr.write(`spillproof mcp: ${error.message}\n`),
  });
}
