import type { Manifest, Text } from '../../ast/nodes.js';
import { walk } from '../../ast/walk.js';
import type { Rule } from '../rule.js';

/** Every value of the manifest that reaches the emitted program, with what to call it in a message. */
function* texts(manifest: Manifest): Generator<[Text, string]> {
  for (const a of manifest.arguments) {
    const n = `argument '${a.name.value}'`;
    yield [a.name, 'an argument name'];
    for (const t of [a.description, a.default, a.targetVariable]) if (t) yield [t, `a value of ${n}`];
    for (const c of a.choices ?? []) yield [c, `a choice of ${n}`];
  }
  const found: [Text, string][] = [];
  walk(manifest.validators, {
    enter(v) {
      switch (v.kind) {
        case 'package':
          for (const p of v.packages) {
            found.push([p.name, 'a package name']);
            if (p.version) found.push([p.version, 'a package version']);
          }
          break;
        case 'script':
        case 'copy_script':
          found.push([v.name, `the ${v.kind} name`]);
          if (v.inline) found.push([v.inline, 'an inline script']);
          if (v.kind === 'script') {
            for (const e of v.envVars) found.push([e, 'an env_vars name']);
            if (v.output) found.push([v.output, 'an output name']);
          }
          break;
        case 'os_case':
          for (const b of v.branches) found.push([b.key, 'an os_case key']);
          break;
        case 'argument_case':
          found.push([v.argumentName, 'an argument_name']);
          for (const c of v.cases) found.push([c.value, 'a case value']);
          break;
        case 'argument_set':
          found.push([v.argumentName, 'an argument_name'], [v.value, 'an argument_set value']);
          break;
        case 'all':
        case 'any':
        case 'custom':
          break;
      }
    },
  });
  yield* found;
}

/**
 * Bash strings cannot hold a NUL byte, and text with an unpaired UTF-16 surrogate (a YAML
 * escape such as "\ud800") has no UTF-8 form: such a value can never reach the program as
 * written (SIP3022). Checked here, so that `check` and `compile` agree.
 */
export const bashSafeText: Rule = {
  name: 'bash-safe-text',
  description: 'every value must be text a bash program can carry',
  codes: ['SIP3022'],
  check(ctx) {
    for (const [t, what] of texts(ctx.manifest)) {
      const problem = t.value.includes('\0') ? 'a NUL character' : /\p{Cs}/u.test(t.value) ? 'an unpaired surrogate (an invalid \\u escape)' : undefined;
      if (problem !== undefined) ctx.report('SIP3022', t.loc, { what: what.charAt(0).toUpperCase() + what.slice(1), problem });
    }
  },
};
