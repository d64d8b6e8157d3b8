/**
 * The local transport of the host runner (host.ts): `--local` runs the program on this
 * machine (a chroot, a container, a CI job) exactly as over SSH, through `sh -c` instead of
 * `ssh HOST`: the same private directory, the same `sudo -n` when not root, the same stop on
 * --timeout and Ctrl-C. The proxy variables of this environment are handed to the program.
 */
import { userInfo } from 'node:os';
import { HostRunner, type HostRunnerOptions, type Transport } from './host.js';
import { proxyEnvironment, type RunnerError } from './runner.js';

export class LocalTransport implements Transport {
  readonly target = 'local';
  readonly user = userInfo().username;

  command(shellCommand: string): { file: string; args: string[] } {
    return { file: 'sh', args: ['-c', shellCommand] };
  }

  failure(_exitCode: number | null, _stderr: string): RunnerError | undefined {
    return undefined;
  }

  extraEnv(): Record<string, string> {
    return proxyEnvironment();
  }
}

export function localRunner(options: HostRunnerOptions): HostRunner {
  return new HostRunner(new LocalTransport(), options);
}
