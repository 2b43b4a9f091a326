/**
 * Events files for `softspot map --events` (lib/io/events-json.ts): the output of
 * `softspot aqs --json` as it prints it (one event per line, several runs concatenated, the
 * later events of --events K), the keyed forms, and what cannot be drawn (3D directions)
 * named, not dropped unsaid; a file with nothing to draw is an error.
 */
import { expect } from 'chai';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventsFormatError, readEvents, readEventsJson, readXyz } from '../lib/io/index.js';
import { fixturePath } from './helpers/read-fixture.js';
import { runCli } from './helpers/run-cli.js';
import { scratchDir } from './helpers/scratch-dir.js';

describe('events files for map --events', function () {
  this.timeout(120000);
  let tmp = '';
  scratchDir('softspot-events-', (d) => { tmp = d; });

  it('map draws the events of two aqs --json runs concatenated, at the particles aqs printed', async () => {
    const glass = fixturePath('n64_s1.xyz');
    const lines: string[] = [];
    const printed: Record<string, number> = {};
    for (const [mode, sign] of [['simple', '+'], ['pure', '-']] as const) {
      const r = await runCli('aqs', glass, '--mode', mode, '--sign', sign, '--json', '--quiet');
      expect(r.code, r.stderr).to.equal(0);
      lines.push(r.stdout.trim());
      printed[`${mode}${sign}`] = (JSON.parse(r.stdout) as { particle: number }).particle;
    }
    const file = join(tmp, 'events.json');
    writeFileSync(file, lines.join('\n') + '\n');
    const read = readEventsJson(readFileSync(file, 'utf8'), file);
    expect({ events: read.events, ignored: read.ignored }).to.deep.equal({ events: { 'simple+': { particle: printed['simple+'] }, 'pure-': { particle: printed['pure-'] } }, ignored: [] });
    const config = readXyz(readFileSync(glass, 'utf8'));
    const p = printed['simple+']!;
    expect(read.particlePositions?.['simple+']).to.deep.equal(Array.from(config.positions.subarray(2 * p, 2 * p + 2)));
    const out = join(tmp, 'map.svg');
    const m = await runCli('map', glass, '--lhc', fixturePath('n64_s1.lhc.csv'), '--events', file, '--out', out);
    expect(m.code, m.stderr).to.equal(0);
    expect(m.stderr).to.match(/events simple\+ pure- →/);
    expect(m.stderr).to.not.contain('warning');
    const drawn = [...readFileSync(out, 'utf8').matchAll(/data-direction="([^"]+)"/g)].map((x) => x[1]);
    expect(new Set(drawn)).to.deep.equal(new Set(['simple+', 'pure-']));
    // The same events on another glass: drawn (the particle indices exist), with a warning naming each.
    const other = await runCli('map', fixturePath('n128_s1.xyz'), '--lhc', fixturePath('n128_s1.lhc.csv'), '--events', file, '--out', join(tmp, 'other.svg'));
    expect(other.code, other.stderr).to.equal(0);
    expect(other.stderr.match(/map: warning: .*events\.json: the (simple\+|pure-) event's particle \d+ was at \(.*\) in the glass it was computed on, .* λ from where .*n128_s1\.xyz has it: events of another glass\?/g)).to.have.length(2);
  });

  it('map refuses by their names: a table without the dc/dγ columns a field draws, a --width whose PNG passes 20000 px, a --png-width below 50 (nothing written)', async () => {
    const glass = fixturePath('n64_s1.xyz');
    const cOnly = join(tmp, 'c-only.csv');
    writeFileSync(cOnly, readFileSync(fixturePath('n64_s1.lhc.csv'), 'utf8').split('\n').map((l) => l.split(',').slice(0, 3).join(',')).join('\n'));
    const noDcdg = await runCli('map', glass, '--lhc', cOnly, '--out', join(tmp, 'a.svg'));
    expect(noDcdg.code).to.equal(2);
    expect(noDcdg.stderr).to.contain(`${cOnly}: no dcdg_simple or dcdg_pure column (its columns: i, j, c); --field all draws c·dc/dγ of simple and pure`);
    expect((await runCli('map', glass, '--lhc', cOnly, '--field', 'c', '--out', join(tmp, 'c.svg'))).code).to.equal(0);
    const wide = await runCli('map', glass, '--lhc', fixturePath('n64_s1.lhc.csv'), '--width', '6000', '--out', join(tmp, 'w.svg'));
    expect(wide.code).to.equal(2);
    expect(wide.stderr).to.match(/^softspot map: --width 6000: the PNG, twice the SVG's \d+ px, would be \d+ px wide, more than 20000; give a smaller --width, or --png-width/);
    const narrow = await runCli('map', glass, '--lhc', fixturePath('n64_s1.lhc.csv'), '--png-width', '1', '--out', join(tmp, 'n.svg'));
    expect(narrow.code).to.equal(2);
    expect(narrow.stderr).to.contain('--png-width: expected an integer >= 50');
    // An event's particle beyond N: events of another glass, named with the file.
    const far = join(tmp, 'far.json');
    writeFileSync(far, '{"simple+": {"particle": 500}}\n');
    const beyond = await runCli('map', glass, '--lhc', fixturePath('n64_s1.lhc.csv'), '--events', far, '--out', join(tmp, 'f.svg'));
    expect(beyond.code).to.equal(2);
    expect(beyond.stderr).to.contain(`${far}: the simple+ event's particle 500 is not a particle of ${glass} (N = 64): events of another glass`);
    for (const f of ['a', 'w', 'n', 'f']) expect(existsSync(join(tmp, `${f}.svg`)), f).to.equal(false);
  });

  it('passes over and names the later events of --events K and 3D directions; nothing to draw is an error', () => {
    const text = [
      { event: 1, direction: 'simple+', particle: 3 }, { event: 2, direction: 'simple+', particle: 9 },
      { event: 1, direction: 'simple-xz+', particle: 4 },
    ].map((e) => JSON.stringify(e)).join('\n');
    expect(readEventsJson(text, 'e.json')).to.deep.equal({ events: { 'simple+': { particle: 3 } }, ignored: ['simple+ event 2', 'simple-xz+'] });
    expect(() => readEventsJson(JSON.stringify({ direction: 'simple-yz-', particle: 1 }), 'e.json')).to.throw(EventsFormatError,
      'e.json: no first event of simple+, simple-, pure+, pure- to draw (passed over: simple-yz-; the maps mark these four directions)');
    expect(() => readEventsJson('{"config": "g.xyz"}', 'e.json')).to.throw(EventsFormatError, 'e.json: no first event of simple+, simple-, pure+, pure- to draw; expected the output of `softspot aqs --json`');
  });

  it('an array of events and the keyed forms; two first events of one direction, and a bad line, are errors naming where', () => {
    expect(readEvents([{ direction: 'pure+', particle: 2 }, { 'simple-': { position: [1, 2] } }]).events).to.deep.equal({ 'pure+': { particle: 2 }, 'simple-': { position: [1, 2] } });
    expect(readEvents({ config: 'g.xyz', events: { 'simple-': { event_particle: 7 } } }).events).to.deep.equal({ 'simple-': { particle: 7 } });
    expect(() => readEventsJson('{"direction": "pure+", "particle": 1}\n{"direction": "pure+", "particle": 2}\n', 'e.json')).to.throw(EventsFormatError, 'e.json (line 2): a second first event of pure+; give one per direction');
    expect(() => readEventsJson('{"direction": "pure+", "particle": 1}\nnot json\n', 'e.json')).to.throw(EventsFormatError, /^e\.json:2: not valid JSON/);
    expect(() => readEvents({ direction: 'pure+' }, 'e.json')).to.throw(EventsFormatError, 'e.json: the event of pure+ has neither "particle" nor "position"');
  });
});
