/**
 * The README's shell blocks as a script: every ```sh block, its commands (continuation lines
 * joined, comments dropped) and the directives of an HTML comment right before it that say how
 * to run it small in a test:
 *
 *   <!-- test: skip (why)                       the block is not run (a pattern, a command that would recurse)
 *        replace "FROM" "TO"                    in the block's commands (lower seeds and years)
 *        drop "TEXT"                            leave out the commands that contain TEXT
 *        file PATH "FROM" "TO"                  edit a file of the scratch copy before the block -->
 *
 * Strings are double-quoted; \n in them is a newline. Pure: README text in, blocks out.
 */

export interface FileEdit {
  path: string;
  from: string;
  to: string;
}

export interface ReadmeBlock {
  /** 1-based line of the opening fence. */
  line: number;
  /** The commands as written (continuations joined, comments dropped). */
  written: string[];
  /** The commands to run, after replace and drop. */
  commands: string[];
  edits: FileEdit[];
  skip: string | null;
}

/** Double-quoted strings of a directive line, unescaped. */
function strings(text: string): string[] {
  return [...text.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1].replace(/\\n/g, '\n').replace(/\\"/g, '"'));
}

/** A shell line without its comment (a # outside quotes that starts a word). */
function withoutComment(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) return line.slice(0, i).trimEnd();
  }
  return line.trimEnd();
}

export function readmeBlocks(readme: string): ReadmeBlock[] {
  const lines = readme.split('\n');
  const blocks: ReadmeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== '```sh') continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i].trim() !== '```'; i++) body.push(lines[i]);
    // Directives: the HTML comment that ends on the line before the fence.
    let directives = '';
    if (start > 0 && lines[start - 1].trim().endsWith('-->')) {
      let j = start - 1;
      while (j > 0 && !lines[j].includes('<!--')) j--;
      directives = lines.slice(j, start).join('\n').replace(/^[\s\S]*?<!--\s*test:/, '').replace(/-->\s*$/, '');
    }
    const written: string[] = [];
    let pending = '';
    for (const raw of body) {
      const line = withoutComment(raw);
      if (line.endsWith('\\')) {
        pending += `${line.slice(0, -1).trimEnd()} `;
        continue;
      }
      const command = (pending + line).trim();
      pending = '';
      if (command) written.push(command);
    }
    const edits: FileEdit[] = [];
    let skip: string | null = null;
    let commands = [...written];
    for (const d of directives.split('\n').map((l) => l.trim()).filter(Boolean)) {
      const [verb, ...rest] = d.split(/\s+/);
      const args = strings(d);
      if (verb === 'skip') skip = rest.join(' ') || 'skipped';
      else if (verb === 'replace' && args.length === 2) commands = commands.map((c) => c.split(args[0]).join(args[1]));
      else if (verb === 'drop' && args.length === 1) commands = commands.filter((c) => !c.includes(args[0]));
      else if (verb === 'file' && args.length === 2) edits.push({ path: rest[0], from: args[0], to: args[1] });
      else throw new Error(`README.md:${start}: unknown test directive "${d}"`);
    }
    blocks.push({ line: start + 1, written, commands, edits, skip });
  }
  return blocks;
}
