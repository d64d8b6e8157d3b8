import type { PackageNode, PackageSpec, PlainValue } from '../../ast/nodes.js';
import type { PackageItem } from '../../lower/program.js';
import { isMapping } from '../../parse/describe.js';
import type { BuildContext } from '../../parse/context.js';
import { PACKAGE_NAME_PATTERN, PACKAGE_VERSION_PATTERN } from '../../schema/definitions.js';
import { defineKind } from '../kind.js';

const packageName = { type: 'string', pattern: PACKAGE_NAME_PATTERN, 'x-kind': 'packageName' } as const;
const packageItem = {
  type: ['string', 'object'],
  if: { type: 'object' },
  then: {
    minProperties: 1,
    maxProperties: 1,
    propertyNames: { pattern: PACKAGE_NAME_PATTERN, 'x-kind': 'packageName' },
    // As in Sahara, `version` is optional (`- name: {}` is a package without a version) and
    // other keys are ignored (here: a warning).
    additionalProperties: {
      type: 'object',
      properties: { version: { type: 'string', pattern: PACKAGE_VERSION_PATTERN, 'x-kind': 'packageVersion' } },
      additionalProperties: false,
      'x-unknownKeys': 'warning',
    },
  },
  else: packageName,
} as const;

function buildPackages(ctx: BuildContext, value: PlainValue, pointer: string): PackageSpec[] {
  const one = (item: PlainValue, p: string): PackageSpec[] => {
    if (typeof item === 'string') return [{ name: ctx.text(p, item), loc: ctx.loc(p) }];
    if (!isMapping(item)) return [];
    const [name, props] = Object.entries(item)[0]!;
    const pp = `${p}/${ctx.escape(name)}`;
    const version = (props as { version?: string }).version;
    const spec = { name: ctx.keyText(pp, name), loc: ctx.loc(p) };
    return [version === undefined ? spec : { ...spec, version: ctx.text(`${pp}/version`, version) }];
  };
  // A name, a single `{name: {version: V}}` mapping (as Sahara accepted), or a list of either.
  if (!Array.isArray(value)) return one(value, pointer);
  return (value as readonly PlainValue[]).flatMap((item, i) => one(item, `${pointer}/${i}`));
}

const label = (packages: readonly { name: string; version: string }[]): string =>
  packages.map((p) => (p.version === '' ? p.name : `${p.name} (${p.version})`)).join(' ');

/** `package`: packages that must be installed (runtime/pkg.sh `sip_package_ensure`). */
export const packageKind = defineKind<PackageNode>({
  name: 'package',
  description: 'Packages that must be installed: a name, {name: {version: V}}, or a list of either.',
  schema: {
    type: ['string', 'array', 'object'],
    description: 'Packages that must be installed: a name, {name: {version: V}}, or a list of either.',
    if: { type: 'array' },
    then: { minItems: 1, items: packageItem, 'x-kind': 'packageList' },
    else: packageItem,
  },
  build: (value, api) => ({ kind: 'package', ...api.base, packages: buildPackages(api.ctx, value, api.pointer) }),
  texts: function* (node) {
    for (const p of node.packages) {
      yield [p.name, 'a package name'];
      if (p.version) yield [p.version, 'a package version'];
    }
  },
  lower(node, api) {
    const packages: PackageItem[] = node.packages.map((p) => {
      const version = p.version?.value ?? '';
      return { name: p.name.value, version, spec: version === '' ? p.name.value : `${p.name.value}=${version}` };
    });
    return { ...api.base, kind: 'package', label: label(packages), packages };
  },
  // A package step is not a function but a row of SIP_PKG_STEPS, "specs|path|location"
  // (compiler/emit/render.ts), run by the runtime's sip_pkg_step: no function to parse and
  // define per validator, and sip_all reports an installed package from the row alone.
  template: '',
  runtimeFunctions: ['sip_pkg_step', 'sip_pkgs_run'],
  plan: (node, _env, api) => api.leaf(label(node.packages.map((p) => ({ name: p.name.value, version: p.version?.value ?? '' })))),
});
