/** Runs the CLI in-process with captured stdout/stderr. */
import { Writable } from 'node:stream';
import { main } from '../../lib/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

function sink(): Writable & { text: string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  }) as Writable & { text: string };
  Object.defineProperty(stream, 'text', { get: () => chunks.join('') });
  return stream;
}

export async function runCli(...args: string[]): Promise<CliRun> {
  const stdout = sink(), stderr = sink();
  const code = await main(args, { stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
}
