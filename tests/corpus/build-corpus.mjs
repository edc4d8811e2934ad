#!/usr/bin/env node
// Builds the real-bundle benchmark corpus from the pinned list in packages.json.
//
//   node tests/corpus/build-corpus.mjs           install (if needed) and copy
//   node tests/corpus/build-corpus.mjs --check   also ask the registry that each pinned
//                                                 version has a tarball (npm view)
//
// Node 20, ESM, no dependencies. Idempotent: the npm install is skipped when every pinned
// package is already installed at its pinned version, and the corpus folder is rebuilt from
// the list each run (so removed entries disappear). Output, all under the gitignored .cache/:
//   .cache/corpus-npm/            the npm install (--prefix)
//   .cache/corpus/<pkg>/<path>    the listed files, package paths kept
//   .cache/corpus/manifest.json   files, bytes, per package
// Never commit the bundles.

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "..", "..");
const listPath = path.join(here, "packages.json");
const npmPrefix = path.join(repo, ".cache", "corpus-npm");
const corpusDir = path.join(repo, ".cache", "corpus");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

function fail(message) {
  console.error(`build-corpus: ${message}`);
  process.exit(1);
}

function loadList() {
  const list = JSON.parse(fs.readFileSync(listPath, "utf8"));
  if (!Array.isArray(list.packages) || list.packages.length === 0) fail(`${listPath}: no "packages"`);
  const seen = new Set();
  for (const pkg of list.packages) {
    if (typeof pkg.name !== "string" || typeof pkg.version !== "string") fail(`bad entry ${JSON.stringify(pkg)}`);
    if (!/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(pkg.version)) fail(`${pkg.name}: version "${pkg.version}" is not exact`);
    if (seen.has(pkg.name)) fail(`${pkg.name} is listed twice`);
    seen.add(pkg.name);
    if (!Array.isArray(pkg.files) || pkg.files.length === 0) fail(`${pkg.name}: no files`);
    for (const file of pkg.files) {
      if (path.isAbsolute(file) || file.split(/[\\/]/).includes("..")) fail(`${pkg.name}: bad path ${file}`);
    }
  }
  return list.packages;
}

function installedVersion(name) {
  try {
    const manifest = path.join(npmPrefix, "node_modules", ...name.split("/"), "package.json");
    return JSON.parse(fs.readFileSync(manifest, "utf8")).version;
  } catch {
    return null;
  }
}

function run(args) {
  const result = spawnSync(npm, args, { stdio: ["ignore", "pipe", "inherit"], encoding: "utf8", shell: process.platform === "win32" });
  if (result.error) fail(`could not run npm: ${result.error.message}`);
  return result;
}

function checkRegistry(packages) {
  let bad = 0;
  for (const pkg of packages) {
    const spec = `${pkg.name}@${pkg.version}`;
    const result = run(["view", spec, "dist.tarball"]);
    const tarball = (result.stdout || "").trim();
    if (result.status !== 0 || !tarball) {
      console.error(`  MISSING ${spec}`);
      bad++;
    } else {
      console.log(`  ok ${spec} ${tarball}`);
    }
  }
  if (bad) fail(`${bad} pinned version(s) not in the registry`);
}

function install(packages) {
  const stale = packages.filter((pkg) => installedVersion(pkg.name) !== pkg.version);
  if (stale.length === 0) {
    console.log(`npm: all ${packages.length} packages already installed in ${path.relative(repo, npmPrefix)}`);
    return;
  }
  console.log(`npm: installing ${packages.length} packages (${stale.length} missing or at another version) ...`);
  fs.mkdirSync(npmPrefix, { recursive: true });
  // One install with the whole list: npm prunes what a --no-save install does not name.
  // --legacy-peer-deps: the list mixes majors (React 18 next to libraries that peer on 19)
  // and peers are not needed, only the packages' own files.
  const specs = packages.map((pkg) => `${pkg.name}@${pkg.version}`);
  const result = spawnSync(
    npm,
    ["install", "--no-save", "--ignore-scripts", "--no-audit", "--no-fund", "--legacy-peer-deps", "--loglevel=error",
      "--prefix", npmPrefix, ...specs],
    { stdio: "inherit", shell: process.platform === "win32" },
  );
  if (result.error) fail(`could not run npm: ${result.error.message}`);
  if (result.status !== 0) fail(`npm install exited with ${result.status}`);
  const still = packages.filter((pkg) => installedVersion(pkg.name) !== pkg.version);
  if (still.length) {
    fail(`after install, wrong or missing: ${still.map((p) => `${p.name}@${p.version} (found ${installedVersion(p.name)})`).join(", ")}`);
  }
}

function kindOf(file) {
  if (file.endsWith(".map")) return "map";
  if (file.endsWith(".css")) return "css";
  return "js";
}

function copyFiles(packages) {
  // Check everything before touching the corpus, so a bad list leaves the old corpus intact.
  const missing = [];
  for (const pkg of packages) {
    for (const file of pkg.files) {
      const src = path.join(npmPrefix, "node_modules", ...pkg.name.split("/"), ...file.split("/"));
      if (!fs.statSync(src, { throwIfNoEntry: false })?.isFile()) missing.push(`${pkg.name}@${pkg.version}: ${file}`);
    }
  }
  if (missing.length) fail(`listed files not in their packages:\n  ${missing.join("\n  ")}`);

  fs.rmSync(corpusDir, { recursive: true, force: true });
  const manifest = { source: "tests/corpus/packages.json", total_files: 0, total_bytes: 0, by_kind: {}, packages: [] };
  for (const pkg of packages) {
    const entry = { name: pkg.name, version: pkg.version, files: 0, bytes: 0, items: [] };
    for (const file of pkg.files) {
      const src = path.join(npmPrefix, "node_modules", ...pkg.name.split("/"), ...file.split("/"));
      const rel = path.posix.join(pkg.name, file);
      const dest = path.join(corpusDir, ...rel.split("/"));
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      fs.copyFileSync(src, dest);
      const bytes = fs.statSync(dest).size;
      const kind = kindOf(file);
      entry.items.push({ path: rel, bytes, kind });
      entry.files++;
      entry.bytes += bytes;
      const k = (manifest.by_kind[kind] ??= { files: 0, bytes: 0 });
      k.files++;
      k.bytes += bytes;
    }
    manifest.packages.push(entry);
    manifest.total_files += entry.files;
    manifest.total_bytes += entry.bytes;
  }
  fs.writeFileSync(path.join(corpusDir, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
  return manifest;
}

const packages = loadList();
if (process.argv.includes("--check")) checkRegistry(packages);
install(packages);
const manifest = copyFiles(packages);
const mb = (bytes) => (bytes / 1e6).toFixed(2);
for (const [kind, k] of Object.entries(manifest.by_kind)) console.log(`  ${kind}: ${k.files} files, ${mb(k.bytes)} MB`);
console.log(
  `corpus: ${manifest.total_files} files, ${mb(manifest.total_bytes)} MB from ${manifest.packages.length} packages ` +
    `in ${path.relative(process.cwd(), corpusDir) || "."} (manifest.json beside them)`,
);
