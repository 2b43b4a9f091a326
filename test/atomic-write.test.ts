/**
 * Where an atomic write lands when the destination is not a plain file: a symbolic link is
 * followed (the target gets the data, the link stays), a FIFO (as a device such as
 * /dev/null) is written directly instead of being replaced by a regular file, a directory
 * is refused naming the path. Checked with the file system itself (lstat, a reader at the
 * FIFO's other end), not with the code's own view of it.
 */
import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../lib/io/atomic.js';
import { writeModesHdf5 } from '../lib/modes/hdf5.js';
import { FileWriteError } from '../lib/io/write-error.js';
import { scratchDir } from './helpers/scratch-dir.js';

describe('atomic writes to links, FIFOs and directories', () => {
  let dir = '';
  scratchDir('softspot-atomic-', (d) => { dir = d; });

  it('a symbolic link is followed: its target gets the data, the link stays a link', async () => {
    mkdirSync(join(dir, 'real'));
    writeFileSync(join(dir, 'real', 'target.csv'), 'old\n');
    symlinkSync(join('real', 'target.csv'), join(dir, 'link.csv'));
    await writeFileAtomic(join(dir, 'link.csv'), 'new\n');
    expect(lstatSync(join(dir, 'link.csv')).isSymbolicLink()).to.equal(true);
    expect(readlinkSync(join(dir, 'link.csv'))).to.equal(join('real', 'target.csv'));
    expect(readFileSync(join(dir, 'real', 'target.csv'), 'utf8')).to.equal('new\n');
    // a dangling link: the file is made where it points, through a chain of two links
    symlinkSync(join(dir, 'real', 'later.csv'), join(dir, 'dangling.csv'));
    symlinkSync('dangling.csv', join(dir, 'chain.csv'));
    await writeFileAtomic(join(dir, 'chain.csv'), 'made\n');
    expect(readFileSync(join(dir, 'real', 'later.csv'), 'utf8')).to.equal('made\n');
    expect(lstatSync(join(dir, 'chain.csv')).isSymbolicLink()).to.equal(true);
    expect(lstatSync(join(dir, 'dangling.csv')).isSymbolicLink()).to.equal(true);
  });

  it('a FIFO is written into, not replaced by a regular file (as /dev/null or /dev/stdout would be)', async () => {
    const fifo = join(dir, 'pipe');
    expect(spawnSync('mkfifo', [fifo]).status, 'mkfifo (coreutils)').to.equal(0);
    const reader = spawn('cat', [fifo]);
    let got = '';
    reader.stdout.on('data', (chunk: Buffer) => { got += chunk.toString(); });
    const closed = new Promise<void>((done) => reader.on('close', () => done()));
    await writeFileAtomic(fifo, 'through the pipe\n');
    await closed;
    expect(got).to.equal('through the pipe\n');
    expect(lstatSync(fifo).isFIFO()).to.equal(true);
  });

  it('a directory is refused, naming it, and nothing is left beside it', async () => {
    mkdirSync(join(dir, 'adir'));
    let error: unknown;
    try {
      await writeFileAtomic(join(dir, 'adir'), 'x');
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(FileWriteError);
    expect((error as FileWriteError).code).to.equal('EISDIR');
    expect((error as Error).message).to.match(new RegExp(`^${join(dir, 'adir')}: is a directory`));
  });

  it('modes.h5 through a link lands at the target (h5wasm writes by name, then the rename follows the link)', async () => {
    mkdirSync(join(dir, 'h5'));
    symlinkSync(join(dir, 'h5', 'modes.h5'), join(dir, 'modes-link.h5'));
    const config = { n: 2, cell: Float64Array.of(4, 0, 0, 4), positions: Float64Array.of(0, 0, 1, 1), species: Uint8Array.of(0, 1) };
    const mode = { eigenvalue: 1, omega: 1, participation: 1, core: { particle: 0, x: 0, y: 0, amplitude: 1 }, coupling: { simple: 0 }, quasilocalized: false, residual: 0 };
    const result = { n: 2, k: 1, dim: 2, qlmThreshold: 0.2, iterations: 1, converged: true, maxForce: 0, modes: [mode], vectors: new Float64Array(4) };
    await writeModesHdf5(join(dir, 'modes-link.h5'), config, result as never);
    expect(lstatSync(join(dir, 'modes-link.h5')).isSymbolicLink()).to.equal(true);
    expect(readFileSync(join(dir, 'h5', 'modes.h5')).subarray(1, 4).toString()).to.equal('HDF');
  });
});
