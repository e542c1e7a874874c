import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot } from '../../src/core/paths.js';
import type { CliResult } from './cli.js';

/**
 * Runs one built command object (`exported` of `dist/<module>`) in a child process, with
 * stdout and stderr captured and coded errors printed as `terpsi` prints them: for commands that
 * are tested before they are on the `terpsi` command line.
 */
export function runCommand(module: string, exported: string, args: readonly string[], timeout = 60_000): Promise<CliResult> {
  const url = pathToFileURL(join(packageRoot, 'dist', module)).href;
  const script = `
    const { ${exported}: command } = await import(${JSON.stringify(url)});
    try { process.exitCode = await command.run(process.argv.slice(1)); }
    catch (e) { process.stderr.write('terpsi: ' + e.toString() + '\\n'); process.exitCode = e.code === 'E_USAGE' ? 2 : 1; }`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script, ...args], { cwd: packageRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeout);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
