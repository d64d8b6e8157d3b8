import type { CopyScriptNode, ScriptNode } from '../../ast/nodes.js';
import type { Rule } from '../rule.js';

/**
 * `script` and `copy_script` paths (not `inline` ones, whose name is only a label) must resolve
 * through the resource roots (first root holding the file wins) to a readable file:
 * not found (SIP4001, lists the roots searched), escaping the root with an absolute path or `..`
 * (SIP4002), empty (SIP4003, warning: the original called an empty file "not found", §4.2 B10),
 * a directory (SIP4004), unreadable (SIP4005), not a usable file name (SIP4006).
 * `Resources` caches each path, so the emitter reuses these reads.
 */
export const scriptFiles: Rule = {
  name: 'script-files',
  description: 'script and copy_script paths must resolve to readable files under the resource roots',
  codes: ['SIP4001', 'SIP4002', 'SIP4003', 'SIP4004', 'SIP4005', 'SIP4006'],
  check(ctx) {
    const nodes: (ScriptNode | CopyScriptNode)[] = [...ctx.ofKind('script'), ...ctx.ofKind('copy_script')];
    for (const node of nodes) {
      if (node.inline !== undefined) continue;
      const { loc, value: path } = node.name;
      const r = ctx.resources.resolve(path);
      switch (r.kind) {
        case 'found':
          if (r.bytes.length === 0) ctx.report('SIP4003', loc, { path, file: r.file });
          break;
        case 'missing':
          ctx.report('SIP4001', loc, { path, roots: r.searched.length ? r.searched.join(', ') : '(no resource roots)' });
          break;
        case 'escapes':
          ctx.report('SIP4002', loc, { path });
          break;
        case 'directory':
          ctx.report('SIP4004', loc, { path, file: r.file });
          break;
        case 'unreadable':
          ctx.report('SIP4005', loc, { path, file: r.file, reason: r.reason });
          break;
        case 'invalid':
          ctx.report('SIP4006', loc, { path });
          break;
      }
    }
  },
};
