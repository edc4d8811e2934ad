// Edits package.json as JSON (key order kept, indentation and final newline as found):
// scripts and the devDependency that `spillproof init` adds.

/** The indentation the file uses (two spaces when it cannot tell). */
function indentOf(text) {
  const match = /\n([ \t]+)"/.exec(text);
  return match ? match[1] : '  ';
}

export class PackageJsonEdit {
  /** @param {{ file: string, text: string, json: object }} packageJson */
  constructor(packageJson) {
    this.file = packageJson.file;
    this.original = packageJson.text;
    this.json = structuredClone(packageJson.json);
    /** @type {string[]} what changed, for the summary */
    this.changes = [];
    /** @type {string[]} what was left alone and why */
    this.notes = [];
  }

  script(name) {
    return typeof this.json.scripts?.[name] === 'string' ? this.json.scripts[name] : undefined;
  }

  /** Sets `name` when absent; an existing different script is kept (and noted). */
  addScript(name, command) {
    const current = this.script(name);
    if (current === command) return;
    if (current !== undefined) {
      this.notes.push(`script "${name}" exists ("${current}"): left as is; spillproof would use "${command}"`);
      return;
    }
    this.json.scripts ??= {};
    this.json.scripts[name] = command;
    this.changes.push(`added script "${name}": ${command}`);
  }

  /** Runs `command` after an existing script (`a && command`), unless it already does. */
  appendToScript(name, command) {
    const current = this.script(name);
    if (current === undefined) return this.addScript(name, command);
    if (current.includes(command)) return;
    this.json.scripts[name] = `${current} && ${command}`;
    this.changes.push(`script "${name}" now ends with: && ${command}`);
  }

  addDevDependency(name, range) {
    const { dependencies = {}, devDependencies = {} } = this.json;
    if (name in dependencies || name in devDependencies) return;
    this.json.devDependencies = { ...devDependencies, [name]: range };
    this.changes.push(`added devDependency ${name}@${range} (run your package manager's install)`);
  }

  get changed() {
    return this.changes.length > 0;
  }

  text() {
    const trailing = this.original.endsWith('\n') ? '\n' : '';
    return `${JSON.stringify(this.json, null, indentOf(this.original))}${trailing}`;
  }
}
