/**
 * The package's public face: the entries of package.json `exports`, what each exports
 * (against docs/api.md, read from the code by the TypeScript compiler), and what each
 * loads (the folder entries for files, statistics and geometry load neither the native
 * addon nor the plotting libraries; checked in a child process that records every native
 * library it opens and every module it resolves).
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

const root = join(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
const apiDoc = readFileSync(join(root, 'docs', 'api.md'), 'utf8');

/** package.json's entries other than ./package.json: 'softspot' or 'softspot/<folder>' → their export conditions. */
function entries(): Map<string, { types: string; default: string }> {
  const out = new Map<string, { types: string; default: string }>();
  for (const [key, value] of Object.entries(pkg.exports)) {
    if (key === './package.json') continue;
    out.set(key === '.' ? 'softspot' : `softspot/${key.slice(2)}`, value as { types: string; default: string });
  }
  return out;
}

/** The TypeScript source that dist/<path>.js is compiled from. */
function sourceOf(distFile: string): string {
  return join(root, distFile.replace(/^\.\/dist\//, 'lib/').replace(/\.js$/, '.ts'));
}

/** Every name an entry exports (values and types), from the TypeScript checker. */
function exportedNames(): Map<string, string[]> {
  const files = [...entries()].map(([name, e]) => [name, sourceOf(e.default)] as const);
  const program = ts.createProgram(files.map(([, f]) => f), {
    module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022,
    strict: true, skipLibCheck: true, noEmit: true, types: ['node'],
  });
  const checker = program.getTypeChecker();
  return new Map(files.map(([name, file]) => {
    const module = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
    return [name, checker.getExportsOfModule(module).map((s) => s.name).sort()];
  }));
}

/** docs/api.md "Entry points": each `### \`softspot…\`` heading with the backticked names under it. */
function documentedEntries(): Map<string, string[]> {
  const section = apiDoc.slice(apiDoc.indexOf('\n## Entry points'));
  const out = new Map<string, string[]>();
  for (const block of section.split(/\n### /).slice(1)) {
    const [heading, ...body] = block.split('\n');
    const entry = /^`(softspot[^`]*)`/.exec(heading)![1];
    out.set(entry, [...body.join('\n').matchAll(/`([A-Za-z_$][\w$]*)`/g)].map((m) => m[1]).sort());
  }
  return out;
}

/**
 * Imports `source` in a child process and returns the native libraries it opened
 * (process.dlopen) and the modules it resolved.
 */
function loaded(source: string): { dlopen: string[]; modules: string[] } {
  // The hooks run on a loader thread (Node >= 20). Its process.stderr is a pipe to the main
  // thread that can lose its last lines when the process exits (seen under load with Node
  // 24); a synchronous write to fd 2 cannot.
  const hooks = `import { writeSync } from 'node:fs';
  export async function resolve(specifier, context, next) {
    const r = await next(specifier, context);
    writeSync(2, 'RESOLVED ' + r.url + '\\n');
    return r;
  }`;
  const script = `
    import { register } from 'node:module';
    register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hooks)}));
    const dlopen = process.dlopen;
    process.dlopen = (module, file, ...rest) => { process.stderr.write('DLOPEN ' + file + '\\n'); return dlopen(module, file, ...rest); };
    await import(${JSON.stringify(pathToFileURL(source).href)});`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  expect(child.status, child.stderr).to.equal(0);
  const lines = (tag: string) => child.stderr.split('\n').filter((l) => l.startsWith(tag)).map((l) => l.slice(tag.length));
  return { dlopen: lines('DLOPEN '), modules: lines('RESOLVED ') };
}

const isAddon = (m: string) => /\/lib\/native\.ts$|\/node-gyp-build\//.test(m);
const isPlotting = (m: string) => /\/node_modules\/(vega|vega-lite|@resvg\/resvg-js)\//.test(m);

describe('package entry points', () => {
  it('are the main entry and concept folders, each with its type declarations and its source', () => {
    const found = [...entries()];
    expect(found.map(([name]) => name)).to.include.members(['softspot', 'softspot/io', 'softspot/stats', 'softspot/plot']);
    for (const [name, e] of found) {
      const folder = name === 'softspot' ? '' : `${name.slice('softspot/'.length)}/`;
      expect(e, name).to.deep.equal({ types: `./dist/${folder}index.d.ts`, default: `./dist/${folder}index.js` });
      expect(existsSync(sourceOf(e.default)), `${name}: ${sourceOf(e.default)}`).to.equal(true);
    }
  });

  it('export exactly what docs/api.md lists for each', function () {
    this.timeout(60_000);
    const documented = documentedEntries();
    const exported = exportedNames();
    expect([...documented.keys()].sort(), 'the entries docs/api.md describes').to.deep.equal([...exported.keys()].sort());
    for (const [name, names] of exported) expect(documented.get(name), name).to.deep.equal(names);
  });

  it('the main entry exports every name the reference documents in a heading', () => {
    const main = documentedEntries().get('softspot')!;
    const reference = apiDoc.slice(0, apiDoc.indexOf('\n## Entry points'));
    // headings of a factor's methods (`factor.solve(…)` · `solveAsync(…)`) name no export
    const headings = [...reference.matchAll(/^### (.*)$/gm)].map((m) => m[1]).filter((h) => !h.startsWith('`factor.'));
    const names = headings.flatMap((h) => [...h.matchAll(/`(?:class |interface )?([A-Za-z_$][\w$]*)/g)].map((m) => m[1]))

    expect(names.length).to.be.above(20);
    expect(names.filter((n) => !main.includes(n)), 'documented in a heading but not exported').to.deep.equal([]);
  });

  it('softspot/io, /stats, /model, /space and /hessian load neither the native addon nor the plotting libraries', function () {
    this.timeout(60_000);
    for (const name of ['softspot/io', 'softspot/stats', 'softspot/model', 'softspot/space', 'softspot/hessian']) {
      const { dlopen, modules } = loaded(sourceOf(entries().get(name)!.default));
      expect(modules.length, `${name}: modules resolved`).to.be.above(3);
      expect(dlopen, `${name}: native libraries opened`).to.deep.equal([]);
      expect(modules.filter((m) => isAddon(m) || isPlotting(m)), `${name}: loads`).to.deep.equal([]);
    }
  });

  it('softspot/plot loads the plotting libraries but not the native addon; softspot/lhc loads the addon', function () {
    this.timeout(60_000);
    const plot = loaded(sourceOf(entries().get('softspot/plot')!.default));
    expect(plot.modules.some(isPlotting), 'softspot/plot resolves vega').to.equal(true);
    expect(plot.modules.filter(isAddon), 'softspot/plot: addon modules').to.deep.equal([]);
    expect(plot.dlopen.filter((f) => /softspot[^/]*\.node$/.test(f)), 'softspot/plot: softspot addon opened').to.deep.equal([]);
    // the same probe sees the addon where it is loaded
    const lhc = loaded(sourceOf(entries().get('softspot/lhc')!.default));
    expect(lhc.modules.some(isAddon), 'softspot/lhc resolves lib/native.ts').to.equal(true);
    expect(lhc.dlopen.some((f) => /softspot[^/]*\.node$/.test(f)), `softspot/lhc opens the addon: ${lhc.dlopen.join(', ')}`).to.equal(true);
  });
});
