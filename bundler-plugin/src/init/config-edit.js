// Adds `spillproof()` to a bundler config file or an esbuild build script, through a real
// parser: magicast (unjs; babel's parser with TypeScript, and recast, which reprints only
// the nodes we touch, so the user's formatting and comments stay). The edit is done on the
// AST, then the new code is parsed again and checked, so a shape we do not understand is
// refused (UnsafeEditError, with the reason) rather than guessed at.

import { generateCode, parseModule } from 'magicast';

export const LOCAL_NAME = 'spillproof';

export class UnsafeEditError extends Error {
  name = 'UnsafeEditError';
}

/** The import (ESM) or require (CommonJS) line for `bundler`'s entry. */
export function importLine(bundler, { commonjs }) {
  return commonjs
    ? `const ${LOCAL_NAME} = require('spillproof/${bundler}').default;`
    : `import ${LOCAL_NAME} from 'spillproof/${bundler}';`;
}

/**
 * @param {string} code the config file's text
 * @param {{ bundler: 'vite' | 'rollup' | 'webpack' | 'rspack', filename: string }} options
 * @returns {{ status: 'present' } | { status: 'added', code: string, outDir: string | null, commonjs: boolean }}
 */
export function addPluginToConfig(code, { bundler, filename }) {
  const mod = parse(code, filename);
  if (importsSpillproof(mod.$ast)) return { status: 'present', outDir: outDirOf(bundler, configObjects(mod.$ast, bundler, { lenient: true })) };
  const objects = configObjects(mod.$ast, bundler);
  const commonjs = isCommonJs(mod.$ast, filename);
  for (const object of objects) addPluginCall(object, `${bundler} config`);
  insertImport(mod, bundler, commonjs);
  let next = generateCode(mod).code;
  if (commonjs) next = insertRequire(next, filename, bundler);
  next = keepFinalNewline(code, next);
  verify(next, filename, (ast) => configObjects(ast, bundler));
  return { status: 'added', code: next, outDir: outDirOf(bundler, objects), commonjs };
}

/**
 * @param {string} code a script that calls esbuild's build() or context()
 * @returns {{ status: 'present' } | { status: 'added', code: string, outDir: string | null, commonjs: boolean }}
 */
export function addPluginToEsbuildScript(code, { filename }) {
  const mod = parse(code, filename);
  if (importsSpillproof(mod.$ast)) return { status: 'present', outDir: outDirOf('esbuild', esbuildOptions(mod.$ast, { lenient: true })) };
  const objects = esbuildOptions(mod.$ast);
  const commonjs = isCommonJs(mod.$ast, filename);
  for (const object of objects) addPluginCall(object, 'esbuild options');
  insertImport(mod, 'esbuild', commonjs);
  let next = generateCode(mod).code;
  if (commonjs) next = insertRequire(next, filename, 'esbuild');
  next = keepFinalNewline(code, next);
  verify(next, filename, (ast) => esbuildOptions(ast));
  return { status: 'added', code: next, outDir: outDirOf('esbuild', objects), commonjs };
}

/** recast drops the final newline; keep the file's own. */
const keepFinalNewline = (before, after) => (before.endsWith('\n') && !after.endsWith('\n') ? `${after}\n` : after);

function parse(code, filename) {
  try {
    return parseModule(code, { sourceFileName: filename });
  } catch (error) {
    throw new UnsafeEditError(`it does not parse (${error.message})`);
  }
}

/** After the edit: the code parses, imports spillproof, and every config has spillproof() in its plugins. */
function verify(code, filename, findObjects) {
  const ast = parse(code, filename).$ast;
  const objects = findObjects(ast);
  const ok = importsSpillproof(ast) && objects.every((o) => {
    const plugins = property(o, 'plugins');
    return plugins?.value.type === 'ArrayExpression' && plugins.value.elements.some((e) => e?.type === 'CallExpression' && e.callee.type === 'Identifier' && e.callee.name === LOCAL_NAME);
  });
  if (!ok) throw new UnsafeEditError('the edited file did not check out (internal error)');
}

// --- Reading the AST ------------------------------------------------------------------

const unwrap = (node) => {
  let n = node;
  while (n && ['TSAsExpression', 'TSSatisfiesExpression', 'ParenthesizedExpression', 'TSNonNullExpression', 'TSTypeAssertion'].includes(n.type)) n = n.expression;
  return n;
};

const isString = (node) => node?.type === 'StringLiteral' || (node?.type === 'Literal' && typeof node.value === 'string');

function keyName(prop) {
  if (prop.computed) return undefined;
  if (prop.key.type === 'Identifier') return prop.key.name;
  if (isString(prop.key)) return prop.key.value;
  return undefined;
}

function property(object, name) {
  return object.properties.find((p) => (p.type === 'ObjectProperty' || p.type === 'Property') && keyName(p) === name);
}

function isRequireOf(node, source) {
  const n = unwrap(node);
  return n?.type === 'CallExpression' && n.callee.type === 'Identifier' && n.callee.name === 'require' && isString(n.arguments[0]) && (source === undefined || n.arguments[0].value === source);
}

function importsSpillproof(program) {
  let found = false;
  walk(program, (node) => {
    if (node.type === 'ImportDeclaration' && /^spillproof(\/|$)/.test(node.source.value)) found = true;
    if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'require' && isString(node.arguments[0]) && /^spillproof(\/|$)/.test(node.arguments[0].value)) found = true;
    if (node.type === 'ImportExpression' && isString(node.source) && /^spillproof(\/|$)/.test(node.source.value)) found = true;
  });
  return found;
}

function isCommonJs(program, filename) {
  if (/\.c[jt]s$/.test(filename)) return true;
  if (/\.m[jt]s$/.test(filename)) return false;
  const esm = program.body.some((n) => n.type === 'ImportDeclaration' || n.type.startsWith('Export'));
  return !esm && program.body.some((n) => n.type === 'ExpressionStatement' && isModuleExports(n.expression?.left));
}

const isModuleExports = (node) => node?.type === 'MemberExpression' && node.object.type === 'Identifier' && node.object.name === 'module' && !node.computed && node.property.name === 'exports';

/** Top-level `const name = <init>` of the program. */
function topLevelInit(program, name) {
  for (const statement of program.body) {
    const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    if (declaration?.type !== 'VariableDeclaration') continue;
    for (const d of declaration.declarations) if (d.id.type === 'Identifier' && d.id.name === name) return d.init;
  }
  return undefined;
}

/** The object literal(s) a config expression evaluates to, or an UnsafeEditError saying why not. */
function resolveObjects(program, node, { allowArray, depth = 0 }) {
  const n = unwrap(node);
  if (!n || depth > 4) throw new UnsafeEditError('its exported config could not be followed to an object literal');
  switch (n.type) {
    case 'ObjectExpression':
      return [n];
    case 'ArrayExpression':
      if (!allowArray) throw new UnsafeEditError('it exports an array, which this bundler does not take as a config');
      if (n.elements.some((e) => !e || e.type === 'SpreadElement')) throw new UnsafeEditError('it exports an array with holes or spread elements');
      return n.elements.flatMap((e) => resolveObjects(program, e, { allowArray: false, depth: depth + 1 }));
    case 'CallExpression': {
      const callee = n.callee.type === 'Identifier' ? n.callee.name : n.callee.type === 'MemberExpression' && !n.callee.computed ? n.callee.property.name : '';
      if (!/^define\w*Config$/.test(callee) || n.arguments.length !== 1) throw new UnsafeEditError(`its config comes from a call to ${callee || 'a function'}(), whose result cannot be edited safely`);
      return resolveObjects(program, n.arguments[0], { allowArray, depth: depth + 1 });
    }
    case 'ArrowFunctionExpression':
    case 'FunctionExpression': {
      if (n.body.type !== 'BlockStatement') return resolveObjects(program, n.body, { allowArray, depth: depth + 1 });
      const returns = n.body.body.filter((s) => s.type === 'ReturnStatement');
      let nested = false;
      walk(n.body, (inner) => { if (inner.type === 'ReturnStatement' && !returns.includes(inner)) nested = true; }, { intoFunctions: false });
      if (returns.length !== 1 || nested) throw new UnsafeEditError('its config function has more than one return');
      return resolveObjects(program, returns[0].argument, { allowArray, depth: depth + 1 });
    }
    case 'Identifier': {
      const init = topLevelInit(program, n.name);
      if (!init) throw new UnsafeEditError(`its exported config ${n.name} is not a top-level constant`);
      return resolveObjects(program, init, { allowArray, depth: depth + 1 });
    }
    default:
      throw new UnsafeEditError(`its exported config is a ${n.type}, not an object literal`);
  }
}

/** The config object(s) of a bundler config module. */
function configObjects(program, bundler, { lenient = false } = {}) {
  const exported = [];
  for (const statement of program.body) {
    if (statement.type === 'ExportDefaultDeclaration') exported.push(statement.declaration);
    if (statement.type === 'ExpressionStatement' && statement.expression.type === 'AssignmentExpression' && isModuleExports(statement.expression.left)) exported.push(statement.expression.right);
  }
  try {
    if (exported.length !== 1) throw new UnsafeEditError(exported.length ? 'it exports its config more than once' : 'it has no `export default` or `module.exports =`');
    return resolveObjects(program, exported[0], { allowArray: bundler !== 'vite' });
  } catch (error) {
    if (lenient) return [];
    throw error;
  }
}

/** The options objects of every esbuild build()/context() call in a script. */
function esbuildOptions(program, { lenient = false } = {}) {
  const named = new Set();
  const namespaces = new Set();
  for (const statement of program.body) {
    if (statement.type === 'ImportDeclaration' && statement.source.value === 'esbuild') {
      for (const s of statement.specifiers) {
        if (s.type === 'ImportSpecifier' && ['build', 'context'].includes(s.imported.name ?? s.imported.value)) named.add(s.local.name);
        else namespaces.add(s.local.name);
      }
    }
    if (statement.type === 'VariableDeclaration') {
      for (const d of statement.declarations) {
        if (!isRequireOf(d.init, 'esbuild') && !(unwrap(d.init)?.type === 'AwaitExpression' && unwrap(d.init).argument.type === 'ImportExpression')) continue;
        if (d.id.type === 'Identifier') namespaces.add(d.id.name);
        if (d.id.type === 'ObjectPattern') for (const p of d.id.properties) if (['build', 'context'].includes(keyName(p)) && p.value.type === 'Identifier') named.add(p.value.name);
      }
    }
  }
  const calls = [];
  const syncCalls = [];
  walk(program, (node) => {
    if (node.type !== 'CallExpression') return;
    const { callee } = node;
    const direct = callee.type === 'Identifier' && named.has(callee.name);
    const member = callee.type === 'MemberExpression' && !callee.computed && ['build', 'context', 'buildSync'].includes(callee.property.name) &&
      ((callee.object.type === 'Identifier' && namespaces.has(callee.object.name)) || isRequireOf(callee.object, 'esbuild'));
    if (member && callee.property.name === 'buildSync') syncCalls.push(node);
    else if (direct || member) calls.push(node);
  });
  try {
    if (syncCalls.length) throw new UnsafeEditError('it calls esbuild.buildSync(), which does not run plugins: switch to await esbuild.build()');
    if (!calls.length) throw new UnsafeEditError('no esbuild build() or context() call was found');
    return calls.flatMap((call) => {
      if (call.arguments.length < 1) throw new UnsafeEditError('an esbuild call has no options object');
      return resolveObjects(program, call.arguments[0], { allowArray: false });
    });
  } catch (error) {
    if (lenient) return [];
    throw error;
  }
}

// --- Changing the AST -----------------------------------------------------------------

function addPluginCall(object, what) {
  const call = parseModule(`${LOCAL_NAME}();`).$ast.body[0].expression;
  const plugins = property(object, 'plugins');
  if (!plugins) {
    if (object.properties.some((p) => p.type === 'SpreadElement' || p.type === 'SpreadProperty')) {
      throw new UnsafeEditError(`its ${what} spreads another object that may already set plugins`);
    }
    object.properties.push(expression(`({ plugins: [${LOCAL_NAME}()] })`).properties[0]);
    return;
  }
  const value = unwrap(plugins.value);
  if (value.type !== 'ArrayExpression') throw new UnsafeEditError(`its ${what} sets plugins to a ${value.type}, not an array literal`);
  value.elements.push(call);
}

function insertImport(mod, bundler, commonjs) {
  if (topLevelBinding(mod.$ast, LOCAL_NAME)) throw new UnsafeEditError(`it already defines a top-level name "${LOCAL_NAME}"`);
  // magicast places (and prints) an import after the others.
  if (!commonjs) mod.imports.$append({ from: `spillproof/${bundler}`, imported: 'default', local: LOCAL_NAME });
}

/**
 * CommonJS: the require line goes after the last top-level require (or the directives),
 * at an offset the parser gives; recast cannot print a statement spliced in front of
 * directives or at the very start without mangling them.
 */
function insertRequire(code, filename, bundler) {
  const program = parse(code, filename).$ast;
  const isRequireStatement = (n) => n.type === 'VariableDeclaration' && n.declarations.some((d) => isRequireOf(d.init) || (unwrap(d.init)?.type === 'MemberExpression' && isRequireOf(unwrap(d.init).object)));
  const anchor = program.body.filter(isRequireStatement).at(-1) ?? program.directives?.at(-1);
  const line = importLine(bundler, { commonjs: true });
  return anchor ? `${code.slice(0, anchor.end)}\n${line}${code.slice(anchor.end)}` : `${line}\n${code}`;
}

function topLevelBinding(program, name) {
  for (const statement of program.body) {
    if (statement.type === 'ImportDeclaration' && statement.specifiers.some((s) => s.local.name === name)) return true;
    const declaration = statement.type.startsWith('Export') ? statement.declaration : statement;
    if (declaration?.type === 'VariableDeclaration' && declaration.declarations.some((d) => d.id.type === 'Identifier' && d.id.name === name)) return true;
    if ((declaration?.type === 'FunctionDeclaration' || declaration?.type === 'ClassDeclaration') && declaration.id?.name === name) return true;
  }
  return false;
}

/** A fresh expression node, parsed by the same parser. */
function expression(code) {
  return unwrap(parseModule(`(${code});`).$ast.body[0].expression);
}

// --- Output folder --------------------------------------------------------------------

/** The folder the build writes to, when the config says so with a literal; null otherwise. */
function outDirOf(bundler, objects) {
  const object = objects[0];
  if (!object) return null;
  const literal = (node) => (isString(unwrap(node)) ? unwrap(node).value : undefined);
  const dirname = (file) => (file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '.');
  const nested = (obj, ...keys) => {
    let node = obj;
    for (const key of keys) {
      node = unwrap(node);
      if (node?.type === 'ArrayExpression') node = unwrap(node.elements[0]);
      if (node?.type !== 'ObjectExpression') return undefined;
      node = property(node, key)?.value;
    }
    return node;
  };
  switch (bundler) {
    case 'vite':
      return literal(nested(object, 'build', 'outDir')) ?? 'dist';
    case 'rollup': {
      const dir = literal(nested(object, 'output', 'dir'));
      const file = literal(nested(object, 'output', 'file'));
      return dir ?? (file ? dirname(file) : null);
    }
    case 'webpack':
    case 'rspack': {
      const p = unwrap(nested(object, 'output', 'path'));
      if (isString(p)) return p.value;
      // path.resolve(__dirname, 'build'), path.join(import.meta.dirname, 'build'), path.resolve(process.cwd(), 'build')
      if (p?.type === 'CallExpression' && p.arguments.length === 2 && isProjectDir(p.arguments[0]) && isString(p.arguments[1])) return p.arguments[1].value;
      return p ? null : 'dist';
    }
    case 'esbuild': {
      const dir = literal(nested(object, 'outdir'));
      const file = literal(nested(object, 'outfile'));
      return dir ?? (file ? dirname(file) : null);
    }
    default:
      return null;
  }
}

/** `__dirname`, `import.meta.dirname` or `process.cwd()`: the config's folder, for a config run from it. */
function isProjectDir(node) {
  const n = unwrap(node);
  if (n.type === 'Identifier') return n.name === '__dirname';
  if (n.type === 'MemberExpression' && !n.computed && n.property.name === 'dirname') return n.object.type === 'MetaProperty';
  return n.type === 'CallExpression' && n.callee.type === 'MemberExpression' && n.callee.object.name === 'process' && n.callee.property.name === 'cwd';
}

// --- Walking --------------------------------------------------------------------------

const FUNCTIONS = new Set(['FunctionExpression', 'ArrowFunctionExpression', 'FunctionDeclaration', 'ObjectMethod', 'ClassMethod']);

function walk(node, visit, { intoFunctions = true } = {}, isRoot = true) {
  if (!node || typeof node.type !== 'string') return;
  if (!isRoot && !intoFunctions && FUNCTIONS.has(node.type)) return;
  visit(node);
  for (const key of Object.keys(node)) {
    if (key === 'loc' || key === 'start' || key === 'end' || key === 'extra' || key === 'comments' || key === 'leadingComments' || key === 'trailingComments' || key === 'tokens' || key === 'original') continue;
    const child = node[key];
    if (Array.isArray(child)) for (const c of child) walk(c, visit, { intoFunctions }, false);
    else if (child && typeof child === 'object') walk(child, visit, { intoFunctions }, false);
  }
}
