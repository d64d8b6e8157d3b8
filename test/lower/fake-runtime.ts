/** A small runtime library on disk with every function of the emitter/runtime contract (runtime/README.md). */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRuntimeLibrary, type RuntimeLibrary } from '../../compiler/lower/runtime-library.js';

const FILES: Readonly<Record<string, { requires: string; functions: readonly string[] }>> = {
  main: { requires: 'log args step tmp', functions: ['sip_main'] },
  step: { requires: 'log', functions: ['sip_step'] },
  log: { requires: '', functions: ['sip_say', 'sip_fail'] },
  args: { requires: 'log', functions: ['sip_arg_get', 'sip_arg_set', 'sip_arg_is_set'] },
  flow: { requires: 'args', functions: ['sip_all', 'sip_any'] },
  case: { requires: 'args', functions: ['sip_os_matches'] },
  packages: { requires: 'log', functions: ['sip_pkg_step', 'sip_pkgs_run', 'sip_package_ensure'] },
  script: { requires: 'tmp args step', functions: ['sip_script_run', 'sip_script_step'] },
  copy: { requires: 'sip_fail', functions: ['sip_copy_script'] },
  tmp: { requires: '', functions: ['sip_tmp_init'] },
};

export function fakeRuntime(): RuntimeLibrary {
  const dir = mkdtempSync(join(tmpdir(), 'sip-fake-runtime-'));
  mkdirSync(dir, { recursive: true });
  for (const [name, f] of Object.entries(FILES)) {
    const body = f.functions.map((fn) => `${fn}() {\n  return 0\n}\n`).join('\n');
    writeFileSync(join(dir, `${name}.sh`), `# ${name}.sh — fake\n# sip-requires: ${f.requires}\n\n${body}`);
  }
  return loadRuntimeLibrary(dir);
}
