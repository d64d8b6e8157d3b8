/**
 * The plugin SPI, mirroring the original's (sahara/plugins/images.py + the plugin base):
 *
 *   getImageArguments(version)                                  the version's arguments
 *   packImage(version, remote, {testOnly, imageArguments})      run the version's program on one target
 *   validateImages(cluster, {testOnly, imageArguments})         run it on each machine of a cluster
 *
 * A remote is whatever runs the compiled program: a runners/runner.ts Runner (the image
 * runner, later SSH and local ones); a cluster is a list of them. Every plugin gets this
 * interface: a plugin.yaml-only folder gets the manifest-driven implementation
 * (cli/plugin-spi.ts), and a module plugin's own methods replace any of those (each receives
 * the default implementation as its last argument, to wrap or reuse it).
 */
import type { Writable } from 'node:stream';
import type { Runner, RunResult } from '../../runners/runner.js';

export type Remote = Runner;
/** The machines of one cluster, all of one plugin version (the original's cluster.hadoop_version). */
export interface Cluster {
  readonly version: string;
  readonly remotes: readonly Remote[];
}

/** One of a version's arguments, as `--help` and the original's `get_image_arguments` give it. */
export interface ImageArgument {
  readonly name: string;
  readonly description: string;
  readonly default?: string;
  readonly required: boolean;
  readonly choices?: readonly string[];
  readonly hidden: boolean;
  readonly secret: boolean;
}

export interface ImageOptions {
  /** Only check; change nothing (the original's test_only). */
  readonly testOnly?: boolean;
  /** Argument values by name (the original's image_arguments). */
  readonly imageArguments?: Readonly<Record<string, string>>;
  /** Where progress lines go (default: stderr). */
  readonly progress?: Writable;
  readonly signal?: AbortSignal;
}

export interface ImagePlugin {
  readonly name: string;
  getVersions(): readonly string[];
  getImageArguments(version: string): Promise<readonly ImageArgument[]>;
  packImage(version: string, remote: Remote, options?: ImageOptions): Promise<RunResult>;
  validateImages(cluster: Cluster, options?: ImageOptions): Promise<readonly RunResult[]>;
}

/**
 * What a module plugin exports (as `default`, or as the module's named exports): any of the
 * plugin.yaml fields, and any SPI method. A method gets the default implementation last.
 */
export interface PluginModule {
  readonly name?: string;
  readonly description?: string;
  /** As plugin.yaml's `versions:` (paths relative to the module's folder). */
  readonly versions?: Readonly<Record<string, { manifest?: string; resource_roots?: readonly string[]; arguments?: Readonly<Record<string, string>> } | null>>;
  getImageArguments?(version: string, defaults: ImagePlugin): readonly ImageArgument[] | Promise<readonly ImageArgument[]>;
  packImage?(version: string, remote: Remote, options: ImageOptions, defaults: ImagePlugin): Promise<RunResult>;
  validateImages?(cluster: Cluster, options: ImageOptions, defaults: ImagePlugin): Promise<readonly RunResult[]>;
}
