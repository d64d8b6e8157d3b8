import type { Manifest, Text, Validator } from '../../ast/nodes.js';
import type { KindRegistry } from '../../kinds/registry.js';
import type { Rule } from '../rule.js';

/** Every value of the manifest that reaches the emitted program, with what to call it in a message (a kind's `texts`). */
function* texts(manifest: Manifest, validators: readonly Validator[], kinds: KindRegistry): Generator<readonly [Text, string]> {
  for (const a of manifest.arguments) {
    const n = `argument '${a.name.value}'`;
    yield [a.name, 'an argument name'];
    for (const t of [a.description, a.default, a.targetVariable]) if (t) yield [t, `a value of ${n}`];
    for (const c of a.choices ?? []) yield [c, `a choice of ${n}`];
  }
  for (const v of validators) {
    const def = kinds.of(v);
    if (def.texts !== undefined) yield* def.texts(v);
  }
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
    for (const [t, what] of texts(ctx.manifest, ctx.validators, ctx.kinds)) {
      const problem = t.value.includes('\0') ? 'a NUL character' : /\p{Cs}/u.test(t.value) ? 'an unpaired surrogate (an invalid \\u escape)' : undefined;
      if (problem !== undefined) ctx.report('SIP3022', t.loc, { what: what.charAt(0).toUpperCase() + what.slice(1), problem });
    }
  },
};
