import { load } from '../lower/fixture.js';
import { compileProgram } from '../../compiler/backend.js';

/** The diagnostic codes (front end and compile) of a manifest that may not compile. */
export function compileFixtureText(yaml: string, files: Readonly<Record<string, string>> = {}): string[] {
  const l = load(yaml, files);
  try {
    const codes = l.diagnostics.map((d) => d.code as string);
    if (l.diagnostics.some((d) => d.severity === 'error')) return codes;
    const out = compileProgram(l.manifest, l.resources, { manifestText: yaml, compilerVersion: 'e2e' });
    return [...codes, ...out.diagnostics.map((d) => d.code)];
  } finally {
    l.dispose();
  }
}
