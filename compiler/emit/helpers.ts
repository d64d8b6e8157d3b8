/**
 * Handlebars for bash templates, with data quoted by construction.
 *
 * The rule: every data interpolation in a template goes through `{{q value}}` (one quoted word)
 * or `{{name value}}` (a validated identifier). Templates are compiled with `noEscape: true`
 * (HTML escaping is meaningless for bash) and checked before compiling: an output mustache must
 * call a shell helper; bare `{{value}}`, triple-stash `{{{value}}}` and `{{& value}}` are errors.
 *
 * Helpers (registered by `registerShellHelpers`):
 *   {{q v}}            one word for a string or number (shq); right after `NAME=` in the
 *                      template text it is quoted as an assignment value (context="assignment")
 *   {{name v}}         a validated shell identifier (shName)
 *   {{words list}}     one quoted word per element, space separated
 *   {{code c}}         a ShCode value spliced raw (plain strings are refused)
 *   {{heredoc body [base]}}  `<<'DELIM'` + body + delimiter line (sh.ts `heredoc`); must end
 *                      its line, which the check enforces
 *   {{literal body}}   a single-quoted string carrying a script body byte for byte, over its
 *                      lines (sh.ts `literal`)
 * The helpers throw on undefined, null, booleans and objects, so a misspelt field fails the
 * build instead of printing an empty word. More code-producing helpers can be added with `registerCodeHelper` (their result must be
 * ShCode, checked at run time). Block helpers allowed: if, unless, each, with. Partials must be
 * registered with `registerShellPartial`, which applies the same check.
 */
import Handlebars from 'handlebars';
import { endsWithAssignment, shName, type QuoteContext } from './quote.js';
import { ShCode, heredoc, isShCode, literal, trustedCode, word, words } from './sh.js';

export type HandlebarsEnv = typeof Handlebars;
type AstNode = hbs.AST.Node;

/** Options every shell template is compiled with. */
export const SHELL_COMPILE_OPTIONS = { noEscape: true } as const;

const BLOCK_HELPERS: ReadonlySet<string> = new Set(['if', 'unless', 'each', 'with']);
const outputHelpers = new WeakMap<HandlebarsEnv, Set<string>>();

/** Registers q, name, words, code, heredoc and literal on `hb` (use an isolated `Handlebars.create()`). */
export function registerShellHelpers(hb: HandlebarsEnv): void {
  const safe = (text: ShCode): Handlebars.SafeString => new hb.SafeString(text.text);
  hb.registerHelper('q', (...args: unknown[]) => safe(word(dataArg('q', args), contextOf(args))));
  hb.registerHelper('name', (...args: unknown[]) => safe(trustedCode(shName(dataArg('name', args) as string))));
  hb.registerHelper('words', (...args: unknown[]) => {
    const list = oneArg('words', args);
    if (!Array.isArray(list)) throw new TypeError(`{{words}} expects an array, got ${typeof list}`);
    return safe(words(list.map((v, i) => checkScalar(`words[${i}]`, v))));
  });
  hb.registerHelper('code', (...args: unknown[]) => {
    const value = oneArg('code', args);
    if (!isShCode(value)) throw new TypeError(`{{code}} splices only ShCode values, got ${typeof value}`);
    return safe(value);
  });
  hb.registerHelper('heredoc', (...args: unknown[]) => {
    const params = args.slice(0, -1);
    const [body, base] = params;
    if (params.length < 1 || params.length > 2 || typeof body !== 'string') {
      throw new TypeError('{{heredoc body [base]}} expects a string body and an optional base name');
    }
    return safe(heredoc(body, typeof base === 'string' ? base : undefined));
  });
  hb.registerHelper('literal', (...args: unknown[]) => {
    const body = oneArg('literal', args);
    if (typeof body !== 'string') throw new TypeError(`{{literal}} expects a string body, got ${typeof body}`);
    return safe(literal(body));
  });
  allowOutput(hb, 'q', 'name', 'words', 'code', 'heredoc', 'literal');
}

/** Registers a helper usable in output position; it must return ShCode (checked on each call). */
export function registerCodeHelper(hb: HandlebarsEnv, helperName: string, fn: (...args: unknown[]) => ShCode): void {
  hb.registerHelper(helperName, (...args: unknown[]) => {
    const result: unknown = fn(...args);
    if (!isShCode(result)) throw new TypeError(`helper ${helperName} must return ShCode, got ${typeof result}`);
    return new hb.SafeString(result.text);
  });
  allowOutput(hb, helperName);
}

/** A fresh Handlebars environment with the shell helpers registered. */
export function createShellHandlebars(): HandlebarsEnv {
  const hb = Handlebars.create();
  registerShellHelpers(hb);
  return hb;
}

/** Checks `source` against the rule (see the file header) and compiles it; the result is ShCode. */
export function compileShellTemplate<T = unknown>(
  hb: HandlebarsEnv,
  source: string,
  templateName = 'template',
): (context: T) => ShCode {
  const template = hb.compile<T>(prepare(hb, source, templateName), SHELL_COMPILE_OPTIONS);
  return (context: T) => trustedCode(template(context));
}

/** Checks and registers a partial (compiled with the same options). */
export function registerShellPartial(hb: HandlebarsEnv, partialName: string, source: string): void {
  hb.registerPartial(partialName, hb.compile(prepare(hb, source, partialName), SHELL_COMPILE_OPTIONS));
}

/** Lists the rule violations in `source` as `name:line:col: message` (empty when clean). */
export function checkShellTemplate(hb: HandlebarsEnv, source: string, templateName = 'template'): string[] {
  return checkAst(hb, hb.parse(source), templateName);
}

function checkAst(hb: HandlebarsEnv, ast: hbs.AST.Program, templateName: string): string[] {
  const problems: string[] = [];
  const allowed = outputHelpers.get(hb) ?? new Set<string>();
  const report = (node: AstNode, message: string): void => {
    problems.push(`${templateName}:${node.loc.start.line}:${node.loc.start.column + 1}: ${message}`);
  };
  const visitor = new Handlebars.Visitor();
  visitor.MustacheStatement = function (node) {
    const head = headOf(node);
    if (!node.escaped) {
      report(node, `triple-stash/{{& }} output is forbidden; use {{q ...}} for data or {{code ...}} for ShCode`);
    } else if (head === null || !allowed.has(head)) {
      report(node, `{{${head ?? 'literal'}}} outputs without a shell helper; data goes through {{q ...}} or {{name ...}}`);
    }
    Handlebars.Visitor.prototype.MustacheStatement.call(this, node);
  };
  visitor.BlockStatement = function (node) {
    if (!BLOCK_HELPERS.has(node.path.original)) {
      report(node, `block helper {{#${node.path.original}}} is not allowed (use if, unless, each, with)`);
    }
    for (const param of node.program?.blockParams ?? []) {
      // `as |q|` would make a later `{{q}}` print the block parameter raw instead of calling q.
      if (allowed.has(param)) report(node, `block parameter |${param}| shadows the helper ${param}`);
    }
    Handlebars.Visitor.prototype.BlockStatement.call(this, node);
  };
  visitor.Program = function (program) {
    program.body.forEach((node, i) => {
      const next = program.body[i + 1];
      const endsLine = next === undefined || (next.type === 'ContentStatement' && /^\r?\n/.test((next as hbs.AST.ContentStatement).value));
      if (isMustache(node) && headOf(node) === 'heredoc' && !endsLine) {
        report(node, '{{heredoc ...}} must end its line (the here-doc body starts on the next line)');
      }
    });
    Handlebars.Visitor.prototype.Program.call(this, program);
  };
  visitor.Decorator = function (node) {
    report(node, 'decorators are not allowed in shell templates');
  };
  visitor.DecoratorBlock = function (node) {
    report(node, 'decorators are not allowed in shell templates');
  };
  visitor.accept(ast);
  return problems;
}

/** Checks the template, then marks each `{{q …}}` that follows `NAME=` as an assignment value. */
function prepare(hb: HandlebarsEnv, source: string, templateName: string): hbs.AST.Program {
  const ast = hb.parse(source);
  const problems = checkAst(hb, ast, templateName);
  if (problems.length > 0) throw new Error(`unsafe shell template:\n  ${problems.join('\n  ')}`);
  const visitor = new Handlebars.Visitor();
  visitor.Program = function (program) {
    program.body.forEach((node, i) => {
      if (
        isMustache(node) && headOf(node) === 'q' &&
        endsWithAssignment(textBefore(program.body, i)) &&
        !(node.hash?.pairs ?? []).some((pair) => pair.key === 'context')
      ) {
        const value = { type: 'StringLiteral', value: 'assignment', original: 'assignment', loc: node.loc };
        const pair = { type: 'HashPair', key: 'context', value, loc: node.loc } as hbs.AST.HashPair;
        node.hash = node.hash ?? ({ type: 'Hash', pairs: [], loc: node.loc } as hbs.AST.Hash);
        node.hash.pairs.push(pair);
      }
    });
    Handlebars.Visitor.prototype.Program.call(this, program);
  };
  visitor.accept(ast);
  return ast;
}

/** The literal text just before statement `i`, with `{{name …}}` standing for an identifier. */
function textBefore(body: readonly hbs.AST.Statement[], i: number): string {
  let text = '';
  for (let k = i - 1; k >= 0; k -= 1) {
    const node = body[k];
    if (node?.type === 'ContentStatement') text = (node as hbs.AST.ContentStatement).value + text;
    else if (node && isMustache(node) && headOf(node) === 'name') text = `n${text}`;
    else break;
    if (/\s/.test(text)) break;
  }
  return text;
}

function isMustache(node: hbs.AST.Statement): node is hbs.AST.MustacheStatement {
  return node.type === 'MustacheStatement';
}

function headOf(node: hbs.AST.MustacheStatement): string | null {
  return node.path.type === 'PathExpression' ? (node.path as hbs.AST.PathExpression).original : null;
}

function contextOf(args: unknown[]): QuoteContext {
  const options = args[args.length - 1] as Handlebars.HelperOptions | undefined;
  const context: unknown = options?.hash?.context ?? 'word';
  if (context !== 'word' && context !== 'assignment') {
    throw new TypeError(`{{q}} context must be "word" or "assignment", got ${String(context)}`);
  }
  return context;
}

function allowOutput(hb: HandlebarsEnv, ...names: string[]): void {
  const set = outputHelpers.get(hb) ?? new Set<string>();
  for (const n of names) set.add(n);
  outputHelpers.set(hb, set);
}

/** Handlebars passes its options object last: exactly one real argument is expected. */
function oneArg(helper: string, args: unknown[]): unknown {
  if (args.length !== 2) throw new TypeError(`{{${helper}}} expects exactly one argument, got ${args.length - 1}`);
  return args[0];
}

function dataArg(helper: string, args: unknown[]): string | number {
  return checkScalar(`{{${helper}}} argument`, oneArg(helper, args));
}

function checkScalar(what: string, value: unknown): string | number {
  if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) return value;
  throw new TypeError(`${what} must be a string or finite number, got ${value === null ? 'null' : typeof value}`);
}
