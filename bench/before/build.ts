import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The skill as it was before every locale came (three locales, all loaded at start): the last commit of that
 * build, kept so that `npm run bench` can show side by side that seventeen locales cost a cold start nothing.
 */
export const BEFORE_REF = 'd435ee1';
const root = join(__dirname, '..', '..');
const dir = join(root, 'bench', '.build', 'before');
export const BEFORE_BUNDLE = join(dir, 'lambda', 'dist', 'index.js');

/** Checks that commit's sources out of git into bench/.build/before and builds its bundle with its own script. */
export function buildBefore(): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const archive = spawnSync('sh', ['-c', `git archive ${BEFORE_REF} lambda src scripts tsconfig.json | tar -x -C "${dir}"`], {
    cwd: root,
    encoding: 'utf8',
  });
  if (archive.status !== 0) throw new Error(`git archive ${BEFORE_REF} failed (a shallow clone?): ${archive.stderr}`);
  const build = spawnSync(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(dir, 'scripts', 'bundle.ts')], {
    cwd: root,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`building ${BEFORE_REF} failed: ${build.stderr}`);
  return BEFORE_BUNDLE;
}
