/**
 * The lines a command writes when the model a glass was read under may be the wrong one: a
 * LAMMPS file without --model (read under the default ipl), and a number density more than
 * 1.3× from the model's (another model, or LAMMPS units metal/real in Å). None when the file
 * names its model or --model fits.
 */
import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturePath } from './helpers/read-fixture.js';
import { runCli } from './helpers/run-cli.js';
import { scratchDir } from './helpers/scratch-dir.js';

describe('notes on the model a glass was read under', function () {
  this.timeout(60_000);
  let tmp = '';
  scratchDir('softspot-model-notes-', (d) => { tmp = d; });

  it('a LAMMPS data file without --model: read under the default ipl, said once', async () => {
    const r = await runCli('info', fixturePath('lammps/ortho2d.data'));
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.contain('read under the default model ipl (the paper\'s 2D glass): a LAMMPS data file does not name its pair law; name it with --model');
  });

  it('a 3D KA glass under ipl3d (N/V 1.2 against 0.82), and the same glass in Å (units metal): the density note; under ka none', async () => {
    const data = fixturePath('ka_n256_s2.data');
    const wrong = await runCli('info', data, '--model', 'ipl3d');
    expect(wrong.stderr).to.contain('note: ');
    expect(wrong.stderr).to.match(/number density N\/V = 1\.200, but model ipl3d's is 0\.82: if that is not intended, the glass is of another model \(--model\) or in other units/);
    const right = await runCli('info', data, '--model', 'ka');
    expect(right.code, right.stderr).to.equal(0);
    expect(right.stderr).to.equal('');
    // The same file with every length ×3.405 (argon σ in Å): density 1.2/3.405³ = 0.0304.
    const text = readFileSync(data, 'utf8').split('\n');
    const scaled = text.map((line) => {
      const box = /^(\S+) (\S+) ([xyz]lo [xyz]hi)$/.exec(line);
      if (box) return `${Number(box[1]) * 3.405} ${Number(box[2]) * 3.405} ${box[3]}`;
      const atom = /^(\d+) (\d+) (\S+) (\S+) (\S+)(.*)$/.exec(line);
      return atom ? `${atom[1]} ${atom[2]} ${Number(atom[3]) * 3.405} ${Number(atom[4]) * 3.405} ${Number(atom[5]) * 3.405}${atom[6]}` : line;
    }).join('\n');
    const metal = join(tmp, 'metal.data');
    writeFileSync(metal, scaled);
    const m = await runCli('info', metal, '--model', 'ka');
    expect(m.stderr).to.match(/number density N\/V = 0\.03040, but model ka's is 1\.2: .*LAMMPS units metal or real are Å/);
  });
});
