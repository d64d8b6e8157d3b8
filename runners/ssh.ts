/**
 * The SSH transport of the host runner (host.ts): the system OpenSSH client, so the user's
 * ~/.ssh/config, agent, identity files and known_hosts apply. One `ssh` process, hence ONE
 * connection, per host and run. BatchMode=yes: nothing ever prompts (a password, a passphrase,
 * an unknown host key: each is a failure with a clear line). Host keys are always checked; an
 * unknown host is accepted only with --accept-new-host-keys (StrictHostKeyChecking=accept-new,
 * which still refuses a changed key).
 */
import { EXIT, RunnerError } from './runner.js';
import { HostRunner, type HostRunnerOptions, type Transport } from './host.js';

/** `[USER@]HOST[:PORT]`, as the user wrote it. IPv6 addresses take brackets: `[::1]:2222`. */
export interface SshTarget {
  readonly spec: string;
  readonly user?: string;
  readonly host: string;
  readonly port?: number;
}

export interface SshOptions {
  /** StrictHostKeyChecking=accept-new: add keys of hosts never seen; a changed key is still refused. */
  readonly acceptNewHostKeys?: boolean;
  /** `ssh -F FILE` instead of ~/.ssh/config. */
  readonly configFile?: string;
  /** Seconds to wait for the TCP connection (ConnectTimeout; default 10). */
  readonly connectTimeoutSec?: number;
  /** The login user for a target that names none (config ssh_user). */
  readonly defaultUser?: string;
  /** The port for a target that names none (config ssh_port). */
  readonly defaultPort?: number;
  /** `ssh -i FILE` (config ssh_identity_file). */
  readonly identityFile?: string;
  /** More `-o KEY=VALUE` options, after ours, so they cannot undo BatchMode (config ssh_options). */
  readonly extraOptions?: readonly string[];
}

const HOST = /^(?:[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?|\[[0-9A-Fa-f:.]+\])$/;
const USER = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** Parse `[USER@]HOST[:PORT]`; undefined with the reason when it is not one. */
export function parseSshTarget(spec: string): SshTarget | string {
  const at = spec.lastIndexOf('@');
  const user = at >= 0 ? spec.slice(0, at) : undefined;
  let rest = at >= 0 ? spec.slice(at + 1) : spec;
  let port: number | undefined;
  const portMatch = /^(.*[^:]):([0-9]+)$/.exec(rest);
  if (portMatch && (portMatch[1]!.startsWith('[') || !portMatch[1]!.includes(':'))) {
    rest = portMatch[1]!;
    port = Number(portMatch[2]);
    if (port < 1 || port > 65535) return `'${spec}': port ${port} is not between 1 and 65535`;
  }
  if (user !== undefined && !USER.test(user)) return `'${spec}': '${user}' is not a user name`;
  if (!HOST.test(rest)) return `'${spec}' is not [USER@]HOST[:PORT] (a host name, an IPv4 address, or an IPv6 one in brackets)`;
  return { spec, host: rest.startsWith('[') ? rest.slice(1, -1) : rest, ...(user === undefined ? {} : { user }), ...(port === undefined ? {} : { port }) };
}

export class SshTransport implements Transport {
  readonly target: string;
  readonly user?: string;

  constructor(
    readonly host: SshTarget,
    readonly options: SshOptions = {},
  ) {
    this.target = host.spec;
    const user = host.user ?? options.defaultUser;
    if (user !== undefined) this.user = user;
  }

  /** The ssh command line (the command last, as one argument: ssh hands it to the login shell). */
  command(shellCommand: string): { file: string; args: string[] } {
    const o = this.options;
    const args = [
      '-T',
      '-o', 'BatchMode=yes',
      '-o', `ConnectTimeout=${o.connectTimeoutSec ?? 10}`,
      '-o', 'ServerAliveInterval=15',
      ...(o.acceptNewHostKeys ? ['-o', 'StrictHostKeyChecking=accept-new'] : []),
      ...(o.configFile === undefined ? [] : ['-F', o.configFile]),
      ...(o.identityFile === undefined ? [] : ['-i', o.identityFile]),
      ...(o.extraOptions ?? []).flatMap((x) => ['-o', x]),
      ...((this.host.port ?? o.defaultPort) === undefined ? [] : ['-p', String(this.host.port ?? o.defaultPort)]),
      ...(this.user === undefined ? [] : ['-l', this.user]),
      '--',
      this.host.host,
      shellCommand,
    ];
    return { file: 'ssh', args };
  }

  failure(exitCode: number | null, stderr: string): RunnerError | undefined {
    const said = stderr.trimEnd().split('\n').filter((l) => l.trim() !== '');
    const last = said.at(-1)?.trim() ?? '';
    const all = said.join('\n');
    const t = this.target;
    if (/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key for .* has changed/i.test(all)) {
      return new RunnerError(EXIT.target, `${t}: its host key does not match the one in known_hosts (a changed or spoofed host); nothing was run. If the host was really reinstalled, remove the old key (ssh-keygen -R) and check the new one`);
    }
    if (/Host key verification failed|No .* host key is known/i.test(all)) {
      return new RunnerError(EXIT.target, `${t}: its host key is not in known_hosts, so it cannot be verified; nothing was run. Check the key and add it (ssh-keyscan, or one ssh by hand), or pass --accept-new-host-keys for hosts never seen before`);
    }
    if (/Permission denied/i.test(all)) return new RunnerError(EXIT.target, `${t}: the login was refused (${last}); check the user, the key or the agent (BatchMode: no passwords)`);
    if (exitCode === 255) return new RunnerError(EXIT.target, `${t}: cannot connect (${last || 'ssh exit 255'})`);
    return undefined;
  }
}

/** The host runner over SSH for one target. */
export function sshRunner(target: SshTarget, ssh: SshOptions, options: HostRunnerOptions): HostRunner {
  return new HostRunner(new SshTransport(target, ssh), options);
}
