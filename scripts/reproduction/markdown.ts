import { readFile, writeFile } from 'node:fs/promises';

/**
 * Replaces the text between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->` in the
 * Markdown file at `path` by `generated[NAME]`, for every NAME given (markers absent from
 * the file are left alone; a missing file is not created).
 */
export async function fillMarkdown(path: string, generated: Record<string, string>): Promise<void> {
  let text = await readFile(path, 'utf8').catch(() => null);
  if (text === null) return;
  for (const [name, block] of Object.entries(generated)) {
    const re = new RegExp(`(<!-- generated:${name} -->\\n)[\\s\\S]*?(<!-- /generated:${name} -->)`);
    if (re.test(text)) text = text.replace(re, (_, open: string, close: string) => `${open}${block}\n${close}`);
  }
  await writeFile(path, text);
}
