import { execFile } from 'node:child_process';
import { TerpsiError } from '../core/errors.js';

/** An external program terpsi runs offline, and the Debian package that installs it. */
export interface Tool {
  readonly program: string;
  readonly debianPackage: string;
}

export const mma: Tool = { program: 'mma', debianPackage: 'mma' };
export const fluidsynth: Tool = { program: 'fluidsynth', debianPackage: 'fluidsynth' };
export const sox: Tool = { program: 'sox', debianPackage: 'sox' };
export const aubio: Tool = { program: 'aubio', debianPackage: 'aubio-tools' };

/**
 * Runs `tool` with `args` and resolves to its stdout. A program that is not installed is E_TOOL
 * saying which Debian package to install; one that exits non-zero is E_TOOL with the error it
 * printed (mma and FluidSynth print theirs on stdout, SoX on stderr).
 */
export function runTool(tool: Tool, args: readonly string[], options: { cwd?: string } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(tool.program, args, { cwd: options.cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return reject(new TerpsiError('E_TOOL', `${tool.program} is not installed (Debian/Ubuntu: apt install ${tool.debianPackage})`, { cause: error }));
      }
      reject(new TerpsiError('E_TOOL', `${tool.program} ${args.join(' ')} failed (exit code ${error.code ?? error.signal}): ${errorText(`${stdout}\n${stderr}`)}`, { cause: error }));
    });
  });
}

/** The error a program printed: from its first line that says "error" on (mma wraps long ones), else its last line. */
function errorText(output: string): string {
  const lines = output.split('\n').map((l) => l.trim()).filter((l) => l && !/^warning\b/i.test(l));
  const first = lines.findIndex((l) => /error/i.test(l));
  const text = first >= 0 ? lines.slice(first).join(' ') : (lines.pop() ?? '');
  return text.length > 400 ? `${text.slice(0, 400)}…` : text || 'no message';
}
