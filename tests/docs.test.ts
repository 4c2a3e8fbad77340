import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = join(__dirname, '..');
const scripts = Object.keys((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? markdownFiles(join(dir, entry.name)) : entry.name.endsWith('.md') ? [join(dir, entry.name)] : [],
  );
}

const pages = [join(root, 'README.md'), ...markdownFiles(join(root, 'docs'))];
const text = new Map(pages.map((page) => [page, readFileSync(page, 'utf8')]));

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
const anchorOf = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');

const anchorsIn = (markdown: string) =>
  new Set(
    markdown
      .replace(/```[\s\S]*?```/g, '')
      .split('\n')
      .filter((line) => /^#{1,6} /.test(line))
      .map((line) => anchorOf(line.replace(/^#+ /, ''))),
  );

describe('the README', () => {
  const readme = text.get(join(root, 'README.md'))!;

  it('opens with the two commands, run the skill and run the tests', () => {
    expect(/```sh\n([\s\S]*?)```/.exec(readme)?.[1]).toBe('npm ci && npm start\nnpm test\n');
  });

  it('is a front door: under 250 lines', () => {
    expect(readme.split('\n').length).toBeLessThan(250);
  });
});

describe('the README and docs', () => {
  it('link only to files and headings that exist', () => {
    const broken: string[] = [];
    for (const [page, markdown] of text) {
      const prose = markdown.replace(/```[\s\S]*?```/g, '');
      for (const [, target = ''] of prose.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/i.test(target)) continue;
        const [path = '', anchor] = target.split('#');
        const file = path ? resolve(dirname(page), path) : page;
        const where = `${relative(root, page)} → ${target}`;
        if (!existsSync(file)) broken.push(`${where}: no such file`);
        else if (anchor && file.endsWith('.md') && !anchorsIn(readFileSync(file, 'utf8')).has(anchor))
          broken.push(`${where}: no such heading`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('name only npm scripts that exist', () => {
    const unknown = [...text].flatMap(([page, markdown]) =>
      [...markdown.matchAll(/npm run (?:--silent |-s )?([\w:-]+)/g)]
        .map(([, name = '']) => name)
        .filter((name) => !scripts.includes(name))
        .map((name) => `${relative(root, page)}: npm run ${name}`),
    );
    expect(unknown).toEqual([]);
  });
});
