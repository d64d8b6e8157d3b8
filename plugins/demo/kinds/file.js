// `file`: a file with exact contents, mode and owner.
//
//   - file:
//       path: /etc/sahara-demo/cluster.conf   # absolute
//       content: "text\n"                     # the bytes, or:
//       source: common/cluster.conf           # a file of the resource roots, as script paths are
//       mode: "0640"                           # octal, default 0644
//       owner: root                            # user or user:group, default root:root
//
// Test-only compares: the file must be a regular file (not a link) with these bytes, this
// mode and owner; nothing is written. Reconcile writes atomically: the bytes go to a temp file
// in the same directory, which gets the mode and owner, then is renamed onto the path; when
// only mode or owner differ they are fixed in place. Runtime: demo-file.sh.

const MODE = '^0?[0-7]{3,4}$';
const OWNER = '^[A-Za-z0-9_][A-Za-z0-9_.-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]*)?$';

/** @param {import('../../../compiler/plugins/kinds.js').KindModuleApi} api */
export function fileKind(api) {
  return {
    name: 'file',
    description: 'A file with exact contents (content, or source from the resource roots), mode and owner.',
    schema: {
      type: 'object',
      description: 'A file with exact contents (content, or source from the resource roots), mode and owner.',
      properties: {
        path: { type: 'string', pattern: '^/', description: 'Absolute path of the file.' },
        content: { type: ['string', 'null'], description: 'The contents (text).' },
        source: { type: 'string', minLength: 1, description: 'A file of the resource roots holding the contents.' },
        mode: { type: 'string', pattern: MODE, description: 'Octal mode, default 0644.' },
        owner: { type: 'string', pattern: OWNER, description: 'user or user:group, default root:root.' },
      },
      required: ['path'],
      additionalProperties: false,
    },
    build: (value, b) => b.custom(value),
    texts: function* (node) {
      for (const key of ['path', 'content', 'source', 'owner']) {
        const v = node.value[key];
        if (typeof v === 'string') yield [{ value: v, loc: node.keyLoc }, `the file's ${key}`];
      }
    },
    diagnostics: {
      FILE001: { severity: 'error', message: "a file needs exactly one of 'content' and 'source' ({path})" },
      FILE002: { severity: 'error', message: "file source '{source}' cannot be used: {reason}" },
      FILE003: { severity: 'error', message: "file path '{path}' must name a file (no trailing /, no . or .. parts)" },
    },
    kindRules: [
      {
        name: 'file-contents',
        description: "one of content and source; a source must resolve in the resource roots; a clean path",
        codes: ['FILE001', 'FILE002', 'FILE003'],
        check(ctx) {
          for (const node of ctx.nodes) {
            const v = node.value;
            if (/\/$|(^|\/)\.\.?(\/|$)/.test(v.path)) ctx.report('FILE003', node.keyLoc, { path: v.path });
            if ((v.content === undefined) === (v.source === undefined)) {
              ctx.report('FILE001', node.keyLoc, { path: v.path });
              continue;
            }
            if (v.source === undefined) continue;
            const r = ctx.resources.resolve(v.source);
            if (r.kind !== 'found') ctx.report('FILE002', node.keyLoc, { source: v.source, reason: r.kind === 'missing' ? `not found (searched: ${r.searched.join(', ')})` : r.kind });
          }
        },
      },
    ],
    lower(node, l) {
      const v = node.value;
      const body = v.source !== undefined
        ? l.body({ value: v.source, loc: node.keyLoc }, undefined)
        : l.body({ value: v.path, loc: node.keyLoc }, { value: v.content ?? '', loc: node.keyLoc });
      const owner = v.owner ?? 'root:root';
      // as `stat -c %a` prints it: 0644 -> 644, 04755 -> 4755
      const mode = parseInt(v.mode ?? '0644', 8).toString(8);
      return l.custom(`${v.path} (${mode} ${owner})`, { path: v.path, mode, owner, body: body.fn });
    },
    template: api.readText('kinds/file.hbs'),
    runtimeFunctions: ['sip_file_ensure'],
    runtime: [{ name: 'demo-file', text: api.readText('kinds/file.sh') }],
    plan: (node, _env, p) => p.leaf(node.value.path),
  };
}
