/**
 * The kind registry (compiler/kinds/) and plugin kinds modules (compiler/plugins/kinds.ts):
 * built-ins registered like plugin kinds, overrides, malformed definitions refused, modules
 * loaded from a plugin folder, namespaced plugin diagnostics, kinds' runtime files.
 */
import { expect } from 'chai';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileProgram } from '../../compiler/backend.js';
import { loadManifest } from '../../compiler/frontend.js';
import { dataKind } from '../../compiler/kinds/data-kind.js';
import type { KindDefinition } from '../../compiler/kinds/kind.js';
import { BUILTIN_OWNER, builtinKinds, KindRegistry } from '../../compiler/kinds/registry.js';
import { planManifest } from '../../compiler/plan/index.js';
import { pluginKinds } from '../../compiler/plugins/kinds.js';
import { discoverPlugins } from '../../compiler/plugins/discover.js';
import { PluginError } from '../../compiler/plugins/registry.js';
import { packageRoot } from '../../compiler/package-root.js';

const tmp: string[] = [];
after(() => {
  for (const d of tmp.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A folder with these files (paths relative to it). */
function folder(files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sip-kinds-'));
  tmp.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const motd = (over: Partial<Parameters<typeof dataKind>[0]> = {}): KindDefinition =>
  dataKind({
    name: 'motd',
    description: 'the message of the day',
    schema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'], additionalProperties: false },
    template: '  sip_motd_write {{q location}} {{q value.text}}\n',
    runtimeFunctions: ['sip_motd_write'],
    runtime: [{ name: 'test-motd', text: '# sip-requires: log\nsip_motd_write() {\n  printf "%s\\n" "$2" >/etc/motd\n}\n' }],
    label: (v) => `motd ${(v as { text: string }).text}`,
    ...over,
  });

describe('kinds: the registry', () => {
  it('holds the eight built-in kinds, in order, owned by built-in', () => {
    const r = builtinKinds();
    expect(r.names()).to.deep.equal(['package', 'script', 'copy_script', 'os_case', 'argument_case', 'argument_set', 'all', 'any']);
    expect(r.entries().every((k) => k.owner === BUILTIN_OWNER)).to.equal(true);
    expect(builtinKinds()).to.equal(r);
  });

  it('is immutable: with() gives a new registry, a later definition replaces an earlier one', () => {
    const base = builtinKinds();
    const more = base.with([motd()], 'p');
    expect(base.has('motd')).to.equal(false);
    expect(more.get('motd')!.owner).to.equal('p');
    const replaced = more.with([motd({ description: 'other' })], 'q');
    expect(replaced.get('motd')!.owner).to.equal('q');
    expect(replaced.names().filter((n) => n === 'motd')).to.have.length(1);
  });

  it('refuses malformed definitions, naming the kind and its owner', () => {
    const bad = (d: object): (() => KindRegistry) => () => KindRegistry.empty().with([d as KindDefinition], 'plug');
    expect(bad({ ...motd(), name: 'Bad Name' })).to.throw(/validator kind 'Bad Name' of plug: name must match/);
    expect(bad({ ...motd(), lower: undefined })).to.throw(/'motd' of plug: build and lower must be functions/);
    expect(bad({ ...motd(), runtimeFunctions: ['rm -rf'] })).to.throw(/runtimeFunctions must list sip_\* function names/);
    expect(bad({ ...motd(), template: 3 })).to.throw(/template must be a Handlebars source text/);
    expect(bad({ ...motd(), runtime: [{ name: '../x', text: '' }] })).to.throw(/each runtime file needs a name/);
  });

  it('the kind → runtime table of compiler/kinds/README.md lists each kind\'s runtimeFunctions', () => {
    const text = readFileSync(join(packageRoot(), 'compiler', 'kinds', 'README.md'), 'utf8');
    const section = text.slice(text.indexOf('## Kinds → runtime calls'), text.indexOf('## Writing a kind'));
    const rows = new Map<string, string[]>();
    for (const m of section.matchAll(/^\| `([a-z_]+)` \| ([^|]*) \|/gm)) rows.set(m[1]!, [...m[2]!.matchAll(/`(sip_[a-z_]+)`/g)].map((x) => x[1]!).filter(() => !m[2]!.startsWith('(none')));
    expect([...rows.keys()]).to.deep.equal(builtinKinds().names());
    for (const k of builtinKinds().entries()) expect(rows.get(k.definition.name), k.definition.name).to.deep.equal([...k.definition.runtimeFunctions]);
  });
});

describe('kinds: a plugin kind through every phase', () => {
  const kinds = builtinKinds().with([motd()], 'demo-test');
  const dir = folder({ 'image.yaml': "validators:\n  - os_case:\n      - debian:\n          - motd: {text: \"it's $(x)\"}\n  - motd: {tekst: 1}\n" });

  it('parse: its schema checks the value; unknown keys are located errors', () => {
    const l = loadManifest(join(dir, 'image.yaml'), { kinds });
    expect(l.diagnostics.map((d) => `${d.code} ${d.loc?.line}:${d.loc?.column}`)).to.deep.equal(['SIP2010 5:11', 'SIP2019 5:12']);
    expect(loadManifest(join(dir, 'image.yaml')).diagnostics[0]!.message).to.contain("unknown validator kind 'motd'");
  });

  it('compile: its template, its runtime file, quoting by construction; plan: its label', () => {
    const ok = folder({ 'image.yaml': "validators:\n  - motd: {text: \"it's $(x)\"}\n" });
    const l = loadManifest(join(ok, 'image.yaml'), { kinds });
    expect(l.diagnostics).to.deep.equal([]);
    const out = compileProgram(l.manifest!, l.resources, { manifestText: l.text!, compilerVersion: 'x', kinds, locationFile: 'image.yaml' });
    expect(out.plan!.runtimeFiles).to.include('test-motd');
    expect(out.text).to.contain("# ---- runtime/test-motd.sh").and.contain('sip_motd_write() {');
    expect(out.text).to.contain('sip_v0() { sip_step motd image.yaml:2:5 \'validators[0].motd\' "motd it\'s \\$(x)" sip_v0_body; }');
    expect(out.text).to.contain('  sip_motd_write image.yaml:2:5 "it\'s \\$(x)"\n');
    const plan = planManifest(l.manifest!, { distro: 'debian', kinds });
    expect(plan.validators[0]).to.include({ kind: 'motd', label: "motd it's $(x)", status: 'runs' });
  });

  it('its rules report namespaced codes from its own catalogue; other codes are a bug', () => {
    const strict = builtinKinds().with(
      [
        motd({
          diagnostics: { MOTD001: { severity: 'warning', message: "a motd of {n} characters is long" } },
          rules: [{ name: 'short', description: 'x', codes: ['MOTD001'], check: (ctx) => ctx.nodes.forEach((n) => ctx.report('MOTD001', n.keyLoc, { n: String((n.value as { text: string }).text.length) })) }],
        }),
      ],
      'demo-test',
    );
    const ok = folder({ 'image.yaml': 'validators:\n  - motd: {text: hello}\n' });
    const l = loadManifest(join(ok, 'image.yaml'), { kinds: strict });
    expect(l.diagnostics.map((d) => [d.code, d.severity, d.message, d.loc?.line])).to.deep.equal([['demo-test.MOTD001', 'warning', 'a motd of 5 characters is long', 2]]);
    const rogue = builtinKinds().with([motd({ rules: [{ name: 'rogue', description: 'x', codes: ['X1'], check: (ctx) => ctx.report('X1', ctx.nodes[0]!.keyLoc) }] })], 'p');
    expect(() => loadManifest(join(ok, 'image.yaml'), { kinds: rogue })).to.throw(/rule rogue of kind 'motd' \(p\) reported X1/);
  });

  it('its values are checked like built-in ones: a NUL is SIP3022 at the kind key, not a crash', () => {
    const nul = folder({ 'image.yaml': 'validators:\n  - motd: {text: "a\\0b"}\n' });
    const l = loadManifest(join(nul, 'image.yaml'), { kinds });
    expect(l.diagnostics.map((d) => `${d.code} ${d.loc?.line}:${d.loc?.column} ${d.message}`)).to.deep.equal(["SIP3022 2:5 A value of 'text' holds a NUL character, which a bash program cannot carry; remove it"]);
  });

  it('a template that prints data raw is refused, naming the kind and plugin', () => {
    const ok = folder({ 'image.yaml': 'validators:\n  - motd: {text: hello}\n' });
    const raw = builtinKinds().with([motd({ template: '  echo {{value.text}}\n' })], 'sloppy');
    const l = loadManifest(join(ok, 'image.yaml'), { kinds: raw });
    expect(() => compileProgram(l.manifest!, l.resources, { manifestText: l.text!, compilerVersion: 'x', kinds: raw })).to.throw(/validator kind 'motd' \(sloppy\).*unsafe shell template/);
  });

  it('a runtime file may not redefine a runtime function', () => {
    const ok = folder({ 'image.yaml': 'validators:\n  - motd: {text: hello}\n' });
    const clash = builtinKinds().with([motd({ runtime: [{ name: 'test-motd', text: 'sip_motd_write() { :; }\nsip_fail() { :; }\n' }] })], 'p');
    const l = loadManifest(join(ok, 'image.yaml'), { kinds: clash });
    expect(() => compileProgram(l.manifest!, l.resources, { manifestText: l.text!, compilerVersion: 'x', kinds: clash })).to.throw(/p kind 'motd': runtime file 'test-motd' redefines sip_fail \(defined in log.sh\)/);
  });

  it('overrides a built-in kind: the plugin\'s definition handles `package`', () => {
    const pkg = dataKind({ name: 'package', description: 'x', schema: { type: 'string' }, template: '  sip_say {{q value}}\n', runtimeFunctions: ['sip_say'] });
    const own = builtinKinds().with([pkg], 'p');
    const ok = folder({ 'image.yaml': 'validators:\n  - package: curl\n' });
    const l = loadManifest(join(ok, 'image.yaml'), { kinds: own });
    const out = compileProgram(l.manifest!, l.resources, { manifestText: l.text!, compilerVersion: 'x', kinds: own });
    expect(out.text).to.contain('  sip_say curl\n').and.not.contain('sip_package_ensure image.yaml');
  });
});

describe('plugins: kinds modules', () => {
  const plugin = async (files: Readonly<Record<string, string>>, kinds: string): Promise<{ name: string; dir: string; kinds: string[] }> => {
    const all: Record<string, string> = { 'p/plugin.yaml': `name: p\nkinds: ${kinds}\nversions: {"1": {manifest: image.yaml}}\n`, 'p/image.yaml': 'validators:\n  - t: {}\n' };
    for (const [name, text] of Object.entries(files)) all[`p/${name}`] = text;
    const found = (await discoverPlugins([{ dir: folder(all), origin: 'test' }])).plugins[0]!;
    return { name: found.name, dir: found.dir, kinds: [...found.kinds] };
  };
  const MODULE = "export default (api) => [api.dataKind({ name: 't', description: 'x', schema: { type: 'object' }, template: api.readText('t.hbs') })];\n";

  it('loads a module of the plugin: its kinds join the built-in ones, owned by the plugin', async () => {
    const p = await plugin({ 'kinds.mjs': MODULE, 't.hbs': '  return 0\n' }, 'kinds.mjs');
    const kinds = await pluginKinds(p);
    expect(kinds.get('t')!.owner).to.equal('p');
    expect(kinds.has('package')).to.equal(true);
    expect(await pluginKinds(p), 'loaded once').to.equal(kinds);
  });

  it('loads a TypeScript module where the process runs TypeScript (here: tsx)', async () => {
    const ts = "interface Api { dataKind(p: object): object; readText(p: string): string }\nexport default (api: Api): object[] => [api.dataKind({ name: 't', description: 'x', schema: { type: 'object' }, template: api.readText('t.hbs') })];\n";
    const p = await plugin({ 'kinds/index.ts': ts, 't.hbs': '  return 0\n' }, '[kinds/index.ts]');
    expect(p.kinds).to.deep.equal(['kinds/index.ts']);
    expect((await pluginKinds(p)).get('t')!.owner).to.equal('p');
  });

  it('a plugin without kinds: the built-in registry itself', async () => {
    expect(await pluginKinds({ name: 'x', dir: '/nowhere', kinds: [] })).to.equal(builtinKinds());
  });

  it('reports a module outside the plugin, one that throws, or one that exports no list, as PluginError', async () => {
    const cases: [Readonly<Record<string, string>>, string, RegExp][] = [
      [{}, '../elsewhere.mjs', /kinds module '..\/elsewhere.mjs' is outside the plugin folder/],
      [{ 'k.mjs': "throw new Error('boom');\n" }, 'k.mjs', /plugin 'p': kinds module k.mjs: boom/],
      [{ 'k.mjs': 'export default 42;\n' }, 'k.mjs', /must export by default a list of kind definitions/],
      [{ 'k.mjs': "export default [{ name: 'x' }];\n" }, 'k.mjs', /kinds module k.mjs: validator kind 'x' of p: build and lower must be functions/],
      [{ 'k.mjs': "export default (api) => [api.dataKind({ name: 't', description: 'x', schema: {}, template: api.readText('../../etc/passwd') })];\n" }, 'k.mjs', /file '..\/..\/etc\/passwd' is outside the plugin folder/],
    ];
    for (const [files, module, message] of cases) {
      const p = await plugin(files, module);
      let error: unknown;
      await pluginKinds(p).catch((e: unknown) => (error = e));
      expect(error, module).to.be.instanceOf(PluginError);
      expect((error as Error).message).to.match(message);
    }
  });

  it("refuses a 'kinds' value that is not a path or a list of paths (the plugin is listed unusable)", async () => {
    const dir = folder({ 'q/plugin.yaml': 'name: q\nkinds: {a: 1}\nversions: {}\n' });
    const found = await discoverPlugins([{ dir, origin: 'test' }]);
    expect(found.plugins).to.deep.equal([]);
    expect(found.unusable.map((u) => u.reason)).to.satisfy((r: string[]) => r.length === 1 && /'kinds' must be a module path/.test(r[0]!));
  });
});
