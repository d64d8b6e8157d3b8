/** Test helpers: a manifest from YAML text plus script files in a temporary resource root. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Manifest } from '../../compiler/ast/nodes.js';
import { checkManifest } from '../../compiler/check/index.js';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { parseManifest } from '../../compiler/parse/index.js';
import { Resources } from '../../compiler/resources/resolve.js';

export interface Loaded {
  readonly manifest: Manifest;
  readonly resources: Resources;
  readonly text: string;
  /** Front-end diagnostics (parse + check). */
  readonly diagnostics: readonly Diagnostic[];
  readonly root: string;
  dispose(): void;
}

const roots: string[] = [];

/** Parse (and check) `yaml` as `image.yaml`, with `files` written into a fresh resource root. */
export function load(yaml: string, files: Readonly<Record<string, string | Uint8Array>> = {}): Loaded {
  const root = mkdtempSync(join(tmpdir(), 'sip-lower-'));
  roots.push(root);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), content);
  }
  const resources = new Resources([root]);
  const parsed = parseManifest(yaml, 'image.yaml');
  if (parsed.manifest === undefined) {
    throw new Error(`fixture does not parse:\n${parsed.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n')}`);
  }
  const diagnostics = [...parsed.diagnostics, ...checkManifest(parsed.manifest, { resources })];
  return { manifest: parsed.manifest, resources, text: yaml, diagnostics, root, dispose: () => rmSync(root, { recursive: true, force: true }) };
}

/** Remove every temporary resource root made by `load`. */
export function cleanupFixtures(): void {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
}
