/**
 * Expects a LammpsFormatError of a text read with source '<string>': its line, its code,
 * the message's `<string>:<line>: ` prefix, and each fragment (a substring or a pattern).
 */
import { expect } from 'chai';
import { LammpsFormatError } from '../../lib/io/index.js';

export function expectLammpsError(run: () => unknown, line: number, ...fragments: (string | RegExp)[]): LammpsFormatError {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught, 'an error').to.be.instanceOf(LammpsFormatError);
  const error = caught as LammpsFormatError;
  expect(error.line, error.message).to.equal(line);
  expect(error.code).to.equal('ERR_LAMMPS_FORMAT');
  expect(error.message.startsWith(`<string>:${line}: `), error.message).to.equal(true);
  for (const f of fragments) {
    if (typeof f === 'string') expect(error.message).to.contain(f);
    else expect(error.message).to.match(f);
  }
  return error;
}
