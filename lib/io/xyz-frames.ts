/**
 * The frames of an extended-XYZ file of several frames (a trajectory, as ASE's `write` and
 * OVITO's export write them): each frame is its particle count N alone on a line, the
 * comment line and N particle lines; frames follow one another, blank lines between them
 * are allowed.
 *
 * Splitting reads only the count lines, not the particles, so it costs one pass over the
 * line breaks. A new frame starts only at a line that holds a positive integer alone: lines
 * after a frame's N particles that do not stand so stay with that frame, whose reader then
 * reports "more lines than the N particles declared" at the right line (a wrong N is far
 * more common than a second frame without its count).
 */

/** Line indices (0-based) of one frame: its count line `first`, and `end` one past its last line. */
export interface XyzFrameRange {
  first: number;
  end: number;
}

/** A frame's text and the 0-based index of its first line in the file (see {@link splitXyzFrames}). */
export interface XyzFrameText {
  start: number;
  text: string;
}

const COUNT = /^[ \t]*(\d+)[ \t]*\r?$/;

/**
 * The frames of `lines` (a file split at '\n'). Leading blank lines belong to the first
 * frame, trailing ones to the last. A file whose first non-blank line is not a count is one
 * frame (its reader says what is wrong with it).
 */
export function xyzFrameRanges(lines: readonly string[]): XyzFrameRange[] {
  const ranges: XyzFrameRange[] = [];
  const blank = (k: number): boolean => lines[k]!.trim() === '';
  let k = 0;
  while (k < lines.length && blank(k)) k++;
  let first = k;
  for (;;) {
    const count = COUNT.exec(lines[first] ?? '');
    if (count === null || Number(count[1]) < 1) break;
    let next = first + Number(count[1]) + 2;
    while (next < lines.length && blank(next)) next++;
    if (next >= lines.length || !COUNT.test(lines[next]!)) break;
    ranges.push({ first, end: next });
    first = next;
  }
  ranges.push({ first, end: lines.length });
  ranges[0]!.first = 0;
  return ranges;
}

/**
 * Splits an extended-XYZ file into the texts of its frames. A frame's text read with
 * `start` blank lines before it gives the file's line numbers in errors (the reader skips
 * leading blank lines). A file of one frame is one text, the whole file.
 */
export function splitXyzFrames(text: string): XyzFrameText[] {
  const lines = text.split('\n');
  return xyzFrameRanges(lines).map(({ first, end }) => ({ start: first, text: lines.slice(first, end).join('\n') + (end < lines.length ? '\n' : '') }));
}
