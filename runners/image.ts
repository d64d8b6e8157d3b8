import { EXIT, type ProgramToRun, type RunContext, type Runner, type RunResult } from './runner.js';

export interface ImageRunnerOptions {
  readonly image: string;
  readonly rootFilesystem?: string;
  readonly network: boolean;
}

/** Placeholder while the image runner is written. */
export class ImageRunner implements Runner {
  constructor(readonly options: ImageRunnerOptions) {}
  run(_program: ProgramToRun, _context: RunContext): Promise<RunResult> {
    return Promise.resolve({ target: this.options.image, exitCode: EXIT.tool, output: '', report: [], durationMs: 0, error: 'not written yet' });
  }
}
