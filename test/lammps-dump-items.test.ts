/**
 * LAMMPS dumps with `dump_modify units yes time yes`, written by LAMMPS itself (where `lmp`
 * exists): LAMMPS puts `ITEM: UNITS` once at the top and `ITEM: TIME` before each frame's
 * `ITEM: TIMESTEP`, so a frame read alone ends with the next frame's TIME item. Every frame
 * must read as the same frame of a plain dump written in the same run. And a dump cut inside
 * its last frame's atoms (LAMMPS still writing it) says so, naming the way to the frame before.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LammpsFormatError, readLammpsDump, readLammpsDumpFile, scanFrames } from '../lib/io/index.js';
import { fixturePath } from './helpers/read-fixture.js';
import { runCli } from './helpers/run-cli.js';
import { scratchDir } from './helpers/scratch-dir.js';
import { requireProgram } from './helpers/system-program.js';

describe('LAMMPS dumps with UNITS and TIME items, and a dump still being written', () => {
  let tmp = '';
  scratchDir('softspot-dump-items-', (d) => { tmp = d; });

  it('dump_modify units yes time yes: every frame reads as the same frame of a plain dump of the same run (file and text readers)', async function () {
    const lmp = requireProgram(this, 'lmp', 'lammps');
    writeFileSync(join(tmp, 'in.lmp'), [
      'units lj', 'atom_style atomic', 'boundary p p p',
      'pair_style soft 1.12', `read_data ${fixturePath('lammps/ortho3d.data')}`, 'pair_coeff * * 20.0',
      'velocity all create 1.0 4928 dist gaussian', 'fix integrate all nve',
      'dump plain all custom 1 plain.dump id type x y z', 'dump_modify plain format float %.17g',
      'dump items all custom 1 items.dump id type x y z', 'dump_modify items units yes time yes format float %.17g',
      'run 2',
    ].join('\n') + '\n');
    const run = spawnSync(lmp, ['-in', 'in.lmp', '-log', 'none', '-screen', 'none', '-nocite'], { cwd: tmp, encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } });
    expect(run.status, `${run.stdout}${run.stderr}`).to.equal(0);
    const items = readFileSync(join(tmp, 'items.dump'), 'utf8');
    // What LAMMPS wrote: the UNITS item once, at the top; a TIME item before each TIMESTEP.
    expect(items.startsWith('ITEM: UNITS\nlj\nITEM: TIME\n')).to.equal(true);
    expect(items.match(/^ITEM: TIME$/gm)).to.have.length(3);
    expect((await scanFrames(join(tmp, 'items.dump'), 'lammps-dump')).frames.map((f) => f.timestep)).to.deep.equal([0, 1, 2]);
    for (const frame of [0, 1, 2, -1]) {
      const plain = await readLammpsDumpFile(join(tmp, 'plain.dump'), { frame });
      const fromFile = await readLammpsDumpFile(join(tmp, 'items.dump'), { frame });
      const fromText = readLammpsDump(items, 'items.dump', { frame });
      for (const s of [fromFile, fromText]) {
        expect(s.timestep, `frame ${frame}`).to.equal(plain.timestep);
        expect(Array.from(s.positions)).to.deep.equal(Array.from(plain.positions));
        expect(Array.from(s.ids)).to.deep.equal(Array.from(plain.ids));
        expect(Array.from(s.cell)).to.deep.equal(Array.from(plain.cell));
      }
    }
    // softspot info reads it as LAMMPS wrote it (a 3D snapshot needs a 3D model).
    const info = await runCli('info', join(tmp, 'items.dump'), '--model', 'ipl3d', '--json');
    expect(info.stderr).to.not.contain("expected 'ITEM: TIMESTEP'");
  });

  it('a dump cut inside its last frame\'s atoms: reading that frame says what is missing and how to read the one before; the earlier frames read', async () => {
    const whole = readFileSync(fixturePath('lammps/ortho3d.dump'), 'utf8');
    const lines = whole.trimEnd().split('\n');
    const cut = lines.slice(0, lines.length - 5).join('\n') + '\n'; // 5 atom lines of the last frame missing
    const path = join(tmp, 'growing.dump');
    writeFileSync(path, cut);
    let error: unknown;
    try { await readLammpsDumpFile(path); } catch (e) { error = e; }
    expect(error).to.be.instanceOf(LammpsFormatError);
    const e = error as LammpsFormatError;
    expect(e.cutFrame).to.equal(true);
    expect(e.line).to.equal(lines.length - 4); // where the first missing atom line was expected
    expect(e.message).to.match(/has 19 atom lines but declares 24 atoms; atoms are missing from the frame \(a dump LAMMPS is still writing, or a truncated or interrupted one\): read an earlier frame \(--frame -2 for the one before the last\)/);
    const before = await readLammpsDumpFile(path, { frame: -2 });
    const first = await readLammpsDumpFile(fixturePath('lammps/ortho3d.dump'), { frame: 0 });
    expect(Array.from(before.positions)).to.deep.equal(Array.from(first.positions));
    // A frame whose atoms stop at the next frame's items is malformed, not cut.
    const frames = whole.split(/(?=^ITEM: TIMESTEP$)/m);
    const firstLines = frames[0]!.trimEnd().split('\n');
    const shortFirst = firstLines.slice(0, firstLines.length - 1).join('\n') + '\n' + frames[1];
    let malformed: unknown;
    try { readLammpsDump(shortFirst, 'short.dump', { frame: -1 }); } catch (x) { malformed = x; }
    expect(malformed).to.be.instanceOf(LammpsFormatError);
    expect((malformed as LammpsFormatError).cutFrame).to.equal(false);
    // … and its hint is not the one of a dump being written (--frame does not mend lines lost inside the file).
    expect((malformed as LammpsFormatError).message).to.contain('atom lines are missing inside the file (the next frame follows): write the dump again');
    expect((malformed as LammpsFormatError).message).to.not.contain('--frame -2');
    // The same file read from disk, where the frame's text is read alone (the file reader, the
    // command line and a run): the same hint, with the file's line number.
    const shortPath = join(tmp, 'short.dump');
    writeFileSync(shortPath, shortFirst);
    const wantLine = firstLines.length; // the missing last atom line of frame 0
    let fromFile: unknown;
    try { await readLammpsDumpFile(shortPath, { frame: 0 }); } catch (x) { fromFile = x; }
    expect(fromFile).to.be.instanceOf(LammpsFormatError);
    expect((fromFile as LammpsFormatError).cutFrame).to.equal(false);
    expect((fromFile as LammpsFormatError).line).to.equal(wantLine);
    expect((fromFile as LammpsFormatError).message).to.contain('write the dump again').and.not.contain('--frame -2');
    const info = await runCli('info', shortPath, '--frame', '0', '--model', 'ipl3d');
    expect(info.code).to.equal(2);
    expect(info.stderr).to.contain(`short.dump:${wantLine}: the frame of timestep 0 (line 1) has 23 atom lines but declares 24 atoms; atom lines are missing inside the file (the next frame follows): write the dump again`);
    const run = await runCli('run', shortPath, '--model', 'ipl3d', '--out', join(tmp, 'short-run'), '--quiet');
    expect(run.code).to.equal(2);
    expect(run.stderr).to.contain('write the dump again').and.not.contain('--frame -2');
  });

  it('a frame with more atom lines than its NUMBER OF ATOMS says so at the first extra line (it read as a missing ITEM: TIMESTEP)', () => {
    const whole = readFileSync(fixturePath('lammps/ortho3d.dump'), 'utf8');
    const lines = whole.split('\n');
    const k = lines.indexOf('ITEM: NUMBER OF ATOMS');
    const declared = Number(lines[k + 1]);
    lines[k + 1] = String(declared - 3);
    const atoms = lines.findIndex((l) => l.startsWith('ITEM: ATOMS'));
    let error: unknown;
    try { readLammpsDump(lines.join('\n'), 'more.dump', { frame: 0 }); } catch (e) { error = e; }
    expect(error).to.be.instanceOf(LammpsFormatError);
    // The first extra line: the (declared − 3 + 1)-th atom line, 1-based line atoms + 1 + declared − 3 + 1.
    expect((error as LammpsFormatError).line).to.equal(atoms + declared - 1);
    expect((error as Error).message).to.contain(`the frame of timestep ${lines[1]} (line 1) holds more atom lines than the ${declared - 3} its NUMBER OF ATOMS declares ` +
      `(this line, '${lines[atoms + declared - 2]!.slice(0, 60)}`);
  });
});
