#!/usr/bin/env node
// What the spillproof plugin adds to a production build, per bundler (not a test; `make bench`).
//
// The app is the kind AI app builders generate, grown to a realistic size: React + react-dom,
// two charting libraries (Chart.js and the full ECharts), the CodeMirror 6 editor with its
// JavaScript mode, a Supabase-like client holding the publishable anon key and a Stripe
// publishable key (so the plugin also does its info findings and provenance). It is built for
// real, with and without the plugin, by Vite, Rollup, webpack, Rspack and esbuild, through the
// same configs as the tests (support/bundlers.js, `jsx: true`), as production builds: Vite,
// webpack and Rspack minify by default, esbuild gets `minify: true`; Rollup has no minifier
// unless one is added, so its output is unminified (more for the plugin to scan).
//
// Each build is one fresh `node` process timed from spawn to exit, as `vite build` is for a
// developer: the "with" time includes loading the plugin and its Wasm engine. Per bundler: one
// untimed warm-up build of each kind, then N rounds (default 3) of both, alternating which goes
// first; the medians are compared. Target: overhead <= max(10% of the build, 300 ms).
// Wall time is what the target is about, but it moves with whatever else the machine runs, so
// the CPU time of the build's node process and of its children is shown beside it (Linux: the
// children's times in /proc/self/stat; esbuild's own Go process, which Vite and esbuild use,
// is not in it). The plugin runs its engine in a helper process (engine-host.js): each "with"
// build stops that helper when the build is done, so that its CPU is counted too (a real
// build just exits and the helper follows; stopping it adds a few ms). The load average is
// printed with the figures. The engine's start-up (the helper started, the Wasm module and
// the rules compiled, in a fresh process, as the plugin does it once per build) is measured
// on its own, since it is most of the CPU the plugin adds.
//
//   node tests/bundlers/bench-overhead.mjs [--runs N] [--bundlers vite,rollup,...] [--sourcemap]
//
// --sourcemap also emits source maps (the plugin scans .map files by default).

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { stripePublishableKey, supabaseJwt } from '../support/fake-keys.js';
import { listFiles, NODE_MODULES } from './support/app.js';
import * as bundlers from './support/bundlers.js';

const ALL = ['vite', 'rollup', 'webpack', 'rspack', 'esbuild'];
const TARGET_SHARE = 0.1;
const TARGET_MS = 300;

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain && process.argv[2] === '--child') await child(...process.argv.slice(3));
else if (isMain && process.argv[2] === '--engine-startup') await engineStartup();
else if (isMain) await main();

/** The plugin's engine host (inside the installed package), where the plugin runs its engine. */
function engineHost() {
  return import(new URL('./plugin/engine-host.js', import.meta.resolve('spillproof/scan')).href);
}

/** Starts the engine the way the plugin does and prints the time taken and where it ran. */
async function engineStartup() {
  const start = performance.now();
  const host = await engineHost();
  await host.engineFor({ allow: { fingerprints: [] } });
  const ms = performance.now() - start;
  const kind = host.engineHostKind();
  await host.stopEngineHost();
  console.log(JSON.stringify({ ms, kind }));
}

/** One build in this process; prints its result as JSON on the last line. */
async function child(name, variant, dir, sourcemap) {
  const b = bundlers[name];
  const r = await b.build(dir, {
    jsx: true,
    plugin: variant === 'with' ? {} : null,
    sourcemap: sourcemap === 'true',
    ...(name === 'esbuild' ? { minify: true, logLevel: 'info' } : {}),
  });
  // So that the helper's CPU is in this process's children's times (see the top).
  if (variant === 'with') await (await engineHost()).stopEngineHost();
  const files = listFiles(r.outDir);
  const size = (filter) => files.filter(filter).reduce((sum, f) => sum + statSync(path.join(r.outDir, f)).size, 0);
  const scanned = /Scanned (\d+) emitted files? \(([\d.]+) MB[^)]*\) in (\d+) ms/.exec(r.logs);
  console.log(JSON.stringify({
    ok: r.ok,
    error: r.ok ? '' : r.error.slice(0, 2000),
    jsBytes: size((f) => f.endsWith('.js')),
    allBytes: size(() => true),
    scan: scanned ? { files: Number(scanned[1]), mb: Number(scanned[2]), ms: Number(scanned[3]) } : null,
  }));
  rmSync(r.outDir, { recursive: true, force: true });
}

async function main() {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, bundlers: { type: 'string', default: ALL.join(',') }, sourcemap: { type: 'boolean', default: false } } });
  const runs = Number(values.runs);
  const names = values.bundlers.split(',').map((s) => s.trim()).filter(Boolean);
  for (const name of names) if (!ALL.includes(name)) throw new Error(`unknown bundler ${name}; known: ${ALL.join(', ')}`);
  if (!(runs >= 1)) throw new Error('--runs must be a positive number');

  const dir = makeBenchApp();
  const loadBefore = loadavg();
  const rows = [];
  let failed = false;
  try {
    console.log(`spillproof plugin overhead: production builds of a React + react-dom + Chart.js + ECharts + CodeMirror app, ${runs} run${runs === 1 ? '' : 's'} each${values.sourcemap ? ', with source maps' : ''}`);
    for (const name of names) {
      process.stdout.write(`  ${name}: `);
      const times = { without: [], with: [] };
      const cpu = { without: [], with: [] };
      let last;
      for (let round = -1; round < runs; round += 1) {
        const order = round % 2 === 0 ? ['with', 'without'] : ['without', 'with'];
        for (const variant of order) {
          const run = timedBuild(name, variant, dir, values.sourcemap);
          if (!run.ok) throw new Error(`${name} (${variant} spillproof) failed:\n${run.error}`);
          if (round >= 0) {
            times[variant].push(run.ms);
            cpu[variant].push(run.cpuMs);
          }
          if (variant === 'with') last = run;
          process.stdout.write('.');
        }
      }
      const without = median(times.without);
      const withPlugin = median(times.with);
      const overhead = withPlugin - without;
      const budget = Math.max(TARGET_SHARE * without, TARGET_MS);
      const cpuAdded = cpu.with.includes(null) ? null : median(cpu.with) - median(cpu.without);
      rows.push({ name, without, withPlugin, overhead, share: overhead / without, budget, met: overhead <= budget, last, times, cpu, cpuAdded });
      console.log(` ${(without / 1000).toFixed(2)} s → ${(withPlugin / 1000).toFixed(2)} s`);
    }
  } catch (error) {
    failed = true;
    console.error(`\n${error.message}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  if (rows.length > 0) {
    const startups = Array.from({ length: 3 }, () => JSON.parse(spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--engine-startup'], { encoding: 'utf8' }).stdout));
    printTable(rows, runs, { ms: median(startups.map((s) => s.ms)), kind: startups[0].kind }, [loadBefore, loadavg()]);
  }
  if (failed) process.exit(1);
}

/** Spawns one child build and times it from spawn to exit (wall and, on Linux, CPU). */
function timedBuild(name, variant, dir, sourcemap) {
  const cpuBefore = childrenCpuMs();
  const start = performance.now();
  const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', name, variant, dir, String(sourcemap)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - start;
  const cpuAfter = childrenCpuMs();
  const cpuMs = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
  const last = run.stdout.trim().split('\n').at(-1);
  try {
    return { ...JSON.parse(last), ms, cpuMs };
  } catch {
    return { ok: false, error: `${run.stdout}\n${run.stderr}`.slice(-2000), ms, cpuMs };
  }
}

/** User + system CPU of this process's waited-for children, in ms (Linux; null elsewhere). */
function childrenCpuMs() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ').at(-1).split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10; // cutime + cstime, in 1/100 s clock ticks
  } catch {
    return null;
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function printTable(rows, runs, startup, [loadBefore, loadAfter]) {
  const header = ['bundler', 'without', 'with', 'overhead', '%', 'target', 'met', 'CPU added', 'JS output', 'all output', 'plugin scan'];
  const lines = rows.map((r) => [
    r.name,
    `${Math.round(r.without)} ms`,
    `${Math.round(r.withPlugin)} ms`,
    `${r.overhead >= 0 ? '+' : ''}${Math.round(r.overhead)} ms`,
    `${r.share >= 0 ? '+' : ''}${(100 * r.share).toFixed(1)}%`,
    `≤ ${Math.round(r.budget)} ms`,
    r.met ? 'yes' : 'NO',
    r.cpuAdded === null ? '-' : `${r.cpuAdded >= 0 ? '+' : ''}${Math.round(r.cpuAdded)} ms`,
    `${(r.last.jsBytes / 1e6).toFixed(2)} MB`,
    `${(r.last.allBytes / 1e6).toFixed(2)} MB`,
    r.last.scan ? `${r.last.scan.files} files, ${r.last.scan.mb.toFixed(2)} MB in ${r.last.scan.ms} ms` : '-',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells) => cells.map((c, i) => (i === 0 || i === 6 || i >= 9 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  console.log(`\nMedian of ${runs} build${runs === 1 ? '' : 's'} each (whole process, spawn to exit); target: overhead ≤ max(${100 * TARGET_SHARE}% of the build, ${TARGET_MS} ms).`);
  console.log(format(header));
  for (const line of lines) console.log(format(line));
  console.log(`Engine start-up (helper started, Wasm module and rules compiled, fresh process, median of 3): ${Math.round(startup.ms)} ms, in a ${startup.kind}.`);
  console.log('CPU added: the build\'s node process and its helper (median with - median without).');
  const load = (l) => l.map((x) => x.toFixed(2)).join(' ');
  console.log(`Load average (1, 5, 15 min) on ${availableParallelism()} CPUs: ${load(loadBefore)} before, ${load(loadAfter)} after.`);
  console.log('\nAll times (ms), wall without | wall with | CPU without | CPU with:');
  const list = (values) => values.map((v) => (v === null ? '-' : Math.round(v))).join(', ');
  for (const r of rows) console.log(`  ${r.name.padEnd(8)} ${list(r.times.without)} | ${list(r.times.with)} | ${list(r.cpu.without)} | ${list(r.cpu.with)}`);
  const small = rows.filter((r) => r.last.jsBytes < 2e6).map((r) => r.name);
  if (small.length) console.log(`\nNote: JS output under 2 MB for ${small.join(', ')}.`);
}

/** The app, in a temp folder with a node_modules link to the workspace's (exported for profiling). */
export function makeBenchApp() {
  const dir = mkdtempSync(path.join(tmpdir(), 'spillproof-bench-app-'));
  symlinkSync(NODE_MODULES, path.join(dir, 'node_modules'), 'dir');
  const write = (file, content) => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  };
  write('index.html', '<!doctype html>\n<html><head><title>Dashboard</title></head>\n<body><div id="root"></div><script type="module" src="/src/main.jsx"></script></body></html>\n');
  write('src/main.jsx', `import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.jsx';

createRoot(document.getElementById('root')).render(<StrictMode><App /></StrictMode>);
`);
  write('src/App.jsx', `import { useEffect, useState } from 'react';
import { supabase } from './lib/supabase.js';
import { checkout } from './lib/payments.js';
import { SalesChart } from './components/SalesChart.jsx';
import { TrafficMap } from './components/TrafficMap.jsx';
import { QueryEditor } from './components/QueryEditor.jsx';

export function App() {
  const [rows, setRows] = useState([]);
  const [query, setQuery] = useState('select * from orders limit 20;');
  useEffect(() => {
    supabase.from('orders').select('id,month,total').then(({ data }) => setRows(data ?? []));
  }, []);
  return (
    <main>
      <h1>Sales dashboard</h1>
      <button onClick={() => checkout('pro')}>Upgrade</button>
      <SalesChart rows={rows} />
      <TrafficMap rows={rows} />
      <QueryEditor value={query} onChange={setQuery} />
    </main>
  );
}
`);
  write('src/components/SalesChart.jsx', `import { useEffect, useRef } from 'react';
import Chart from 'chart.js/auto';

export function SalesChart({ rows }) {
  const canvas = useRef(null);
  useEffect(() => {
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: { labels: rows.map((r) => r.month), datasets: [{ label: 'Sales', data: rows.map((r) => r.total) }] },
    });
    return () => chart.destroy();
  }, [rows]);
  return <canvas ref={canvas} />;
}
`);
  write('src/components/TrafficMap.jsx', `import { useEffect, useRef } from 'react';
import * as echarts from 'echarts';

export function TrafficMap({ rows }) {
  const box = useRef(null);
  useEffect(() => {
    const chart = echarts.init(box.current);
    chart.setOption({
      tooltip: {},
      xAxis: { data: rows.map((r) => r.month) },
      yAxis: {},
      series: [{ type: 'line', data: rows.map((r) => r.total) }, { type: 'pie', data: rows.map((r) => ({ name: r.month, value: r.total })) }],
    });
    return () => chart.dispose();
  }, [rows]);
  return <div ref={box} style={{ height: 300 }} />;
}
`);
  write('src/components/QueryEditor.jsx', `import { useEffect, useRef } from 'react';
import { EditorView, basicSetup } from 'codemirror';
import { javascript } from '@codemirror/lang-javascript';

export function QueryEditor({ value, onChange }) {
  const host = useRef(null);
  useEffect(() => {
    const view = new EditorView({
      doc: value,
      extensions: [basicSetup, javascript(), EditorView.updateListener.of((u) => u.docChanged && onChange(u.state.doc.toString()))],
      parent: host.current,
    });
    return () => view.destroy();
  }, []);
  return <div ref={host} />;
}
`);
  write('src/lib/supabase.js', `function createClient(url, key) {
  const headers = { apikey: key, Authorization: \`Bearer \${key}\` };
  return {
    from: (table) => ({
      select: async (columns) => ({ data: await (await fetch(\`\${url}/rest/v1/\${table}?select=\${columns}\`, { headers })).json() }),
    }),
  };
}

export const supabase = createClient('https://bench-project.supabase.co', '${supabaseJwt('anon')}');
`);
  write('src/lib/payments.js', `export function checkout(plan) {
  return fetch('/api/checkout', { method: 'POST', body: JSON.stringify({ plan, key: '${stripePublishableKey()}' }) });
}
`);
  return dir;
}
