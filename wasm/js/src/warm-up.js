// A stand-in for a minified production bundle, for warming up a freshly created Engine.
//
// A new engine pays, on its first real scan, for work done once per engine: the Wasm
// functions compile on their first call (and, unless V8 runs Liftoff only, are re-compiled
// by the optimizing compiler once hot), and each built-in rule's regex compiles on the first
// hit of one of its keywords. Scanning this sample right after start-up, while nothing is
// waiting, moves that work out of the first real scan. So the sample goes through the same
// paths a real bundle does (the JS lexer's strings, templates, regex literals, escapes and
// comments, non-ASCII text, an inline source map) and holds the rule keywords that ordinary
// library code contains (measured on a React + Chart.js + ECharts + CodeMirror bundle:
// `token`, `apiKey`, `credentials`, `https://`, `password`, `Bearer `, `attach`, `offsetsY`,
// `atlas`, `amplitude`, `hsl.`, `pk_live_`, `eyJ` in base64 JSON…), and no value shaped like
// a credential: it must produce no finding (a test checks it). Rules whose keywords it lacks
// still compile on their first real hit, as without warm-up.
// It is generated, not stored, so that the package carries no megabyte of fixture, and
// deterministic, so that every warm-up does the same work.

/** Short names as a minifier makes them: a, b, …, z, A, …, Z, aa, ab, … */
function minifiedName(n) {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let name = '';
  do {
    name = letters[n % letters.length] + name;
    n = Math.floor(n / letters.length) - 1;
  } while (n >= 0);
  return name;
}

const WORDS = ['value', 'label', 'series', 'axis', 'chart', 'editor', 'state', 'theme', 'legend', 'tooltip', 'cursor', 'selection'];

/** One statement each, as minified library code writes it; `v(i)` is a short name, `w(i)` a word, `n` a number. */
const STATEMENTS = [
  (v, w, n) => `function ${v(0)}(${v(1)},${v(2)}){if(!${v(1)})return null;for(var ${v(3)}=0,${v(4)}=${v(1)}.length>>>0;${v(3)}<${v(4)};${v(3)}++)${v(2)}(${v(1)}[${v(3)}],${v(3)});return ${v(1)}}`,
  (v, w, n) => `var ${v(0)}={apiKey:${v(1)}.apiKey,token:${v(1)}.token||"",credentials:"same-origin",headers:{Authorization:"Bearer "+${v(2)},"Content-Type":"application/json"}};`,
  (v, w, n) => `fetch("https://example.com/api/v${n % 4}/${w(0)}s?page="+${v(0)}+"&limit=${n}").then(function(${v(1)}){return ${v(1)}.json()});`,
  (v, w, n) => `${v(0)}.attachEvent?${v(0)}.attachEvent("on"+${v(1)},${v(2)}):${v(0)}.addEventListener(${v(1)},${v(2)},{passive:!0,capture:!1});`,
  (v, w, n) => `const ${v(0)}=/^(?:[a-z][a-z0-9+.-]*:)?\\/\\/[^\\s/?#]+/i,${v(1)}=\`translate(\${${v(2)}.x}px, \${${v(2)}.y}px) rotate(${n}deg)\`;`,
  (v, w, n) => `throw new TypeError("Invalid password option: expected a string but received "+typeof ${v(0)}+" ("+${v(1)}+")");`,
  (v, w, n) => `${v(0)}.prototype.${w(0)}=function(${v(1)}){return this._${w(0)}[${v(1)}]!==void 0?this._${w(0)}[${v(1)}]:"\\u00a0\\x20\\t"};`,
  (v, w, n) => `${v(0)}=JSON.parse('{"type":"${w(0)}","value":${n},"label":"${w(1)} ${w(2)}","offsetsY":[${n},${n + 1}],"amplitude":0.${n % 10}}');`,
  (v, w, n) => `class ${v(0).toUpperCase()}${n} extends ${v(1)}{constructor(${v(2)}){super(${v(2)}),this.${w(0)}=${v(2)}.${w(0)}??null,this.atlas=new Map}get ${w(1)}(){return this.${w(0)}}static create(${v(3)}){return new this(${v(3)})}}`,
  (v, w, n) => `switch(${v(0)}.type){case"${w(0)}":${v(1)}=${n};break;case"${w(1)}":${v(1)}=${n}*2;break;default:${v(1)}=-1}`,
  (v, w, n) => `/*! ${w(0)} v${n % 9}.${n % 7}.${n % 5} | MIT License | https://example.org/${w(0)} */`,
  (v, w, n) => `${v(0)}.setAttribute("aria-live","polite"),${v(0)}.dataset.${w(0)}="${w(1)}-${n}",${v(0)}.style.aspectRatio="1/1";`,
  (v, w, n) => `var ${v(0)}={name:"平均值",tooltip:"Moyenne générale",unit:"€",sep:"—"};`,
  (v, w, n) => `${v(0)}.sourceMappingURL="data:application/json;base64,eyJ2ZXJzaW9uIjozLCJzb3VyY2VzIjpbXSwibWFwcGluZ3MiOiIifQ==";`,
  (v, w, n) => `export{${v(0)} as ${w(0)},${v(1)} as default};import("./${w(1)}-${n}.js").then((${v(2)})=>${v(2)}.default);`,
  (v, w, n) => `${v(0)}=(${v(1)},${v(2)}=${n})=>${v(1)}.filter(Boolean).map((${v(3)})=>${v(3)}*${v(2)}+.5|0).reduce((${v(4)},${v(3)})=>${v(4)}+${v(3)},0)/${v(2)}||0x${n.toString(16)};`,
  (v, w, n) => `return ${v(0)}.together?${v(0)}.live_${w(0)}:ERR_MSG.length>${n}?"${w(1)}":'${w(2)}\\'s'`,
  (v, w, n) => `${v(0)}.fill=${v(1)}.hsl.${w(0)}||"ff:AA:${n % 100}",${v(0)}.prefix="pk_live_"===${v(2)}.slice(0,8);`,
];

/**
 * About `length` characters of minified-JS-like code (whole statements), the same every time.
 * @param {number} [length] characters wanted (default 300,000)
 * @returns {string}
 */
export function warmUpSample(length = 300_000) {
  const parts = [];
  let size = 0;
  let seed = 1;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648; // a fixed LCG: repeatable, no Math.random
    return seed;
  };
  for (let i = 0; size < length; i += 1) {
    const base = next() % 4000;
    const v = (k) => minifiedName(base + k);
    const w = (k) => WORDS[(base + k) % WORDS.length];
    const statement = STATEMENTS[i % STATEMENTS.length](v, w, next() % 1000);
    parts.push(statement);
    size += statement.length;
  }
  return parts.join('');
}
