import { spawn } from 'node:child_process';

/**
 * Runs an ES module snippet in a child process with `env` added to this one's (an ALSA config
 * must be in place before a process first uses ALSA); resolves with the line it prints marked
 * `RESULT `, parsed, once the child has ended. `onResult` runs as soon as that line arrives.
 */
export function moduleChild(code: string, env: NodeJS.ProcessEnv, onResult = () => {}, timeout = 20_000): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--input-type=module', '-e', code], { env: { ...process.env, ...env }, timeout, killSignal: 'SIGKILL' });
    let out = '';
    let err = '';
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (/^RESULT .*\n/m.test(out)) onResult();
    });
    proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
    proc.once('error', reject);
    proc.once('close', (status, signal) => {
      // PortAudio prints its own lines on stdout; the result is the line marked RESULT.
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (line) resolve(JSON.parse(line.slice(7)) as Record<string, unknown>);
      else reject(new Error(`child ended (${status ?? signal}) without a result\n${out}\n${err}`));
    });
  });
}
