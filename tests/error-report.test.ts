/**
 * What an error's log line says (src/skill/error-report.ts): the error's kind, its message with everything the
 * listener said hidden (health data must never reach the log) and capped, and the source line it was thrown from,
 * read through the source map beside a bundle when there is one.
 */
import fs, { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportError, scrubMessage, thrownAt } from '../src/skill/error-report';

/** `value` wrapped in `levels` arrays, or objects, one inside the other. */
function nested(value: unknown, levels: number, as: 'array' | 'object'): unknown {
  let wrapped = value;
  for (let level = 0; level < levels; level += 1) wrapped = as === 'array' ? [wrapped] : { inner: wrapped };
  return wrapped;
}

describe('scrubMessage: what the listener said never reaches the log', () => {
  it('hides quoted text and speech that Alexa echoes back', () => {
    expect(scrubMessage(`Unexpected token in JSON at "my calf hurts"`, {})).toBe('Unexpected token in JSON at "…"');
    expect(scrubMessage('Invalid SSML <speak>Your calf</speak> rejected', {})).toBe('Invalid SSML … rejected');
  });

  it('hides a string from the deepest level of the request it reads (the envelope is level 1)', () => {
    // The request argument is level 0, the envelope level 1, and the slot value 7 objects further in: level 8.
    const envelope = nested('swollen ankle', 7, 'object');
    expect(scrubMessage('Bad value swollen ankle in slot', [envelope])).toBe('Bad value … in slot');
  });

  it('scrubs a forged request nested 100,000 levels deep without overflowing the stack', () => {
    for (const as of ['array', 'object'] as const) {
      const forged = nested('deep secret', 100_000, as);
      expect(scrubMessage('Cannot read properties of undefined', forged)).toBe('Cannot read properties of undefined');
    }
  });

  it('scrubs a request with more than 400 distinct strings, the first of them hidden', () => {
    const many = Array.from({ length: 1000 }, (_, index) => `answer number ${index}`);
    expect(scrubMessage('Failed on answer number 0 today', many)).toBe('Failed on … today');
  });

  it('hides a string the request carries with spaces around it, as the message quotes it without them', () => {
    expect(scrubMessage('Bad value swollen ankle in slot', { slot: '  swollen ankle ' })).toBe('Bad value … in slot');
  });

  it('looks for the first 400 strings of a request and no more: scrubbing is bounded on a forged one', () => {
    const many = Array.from({ length: 401 }, (_, index) => `answer number ${1000 + index}`);
    expect(scrubMessage('Failed on answer number 1399 today', many)).toBe('Failed on … today');
    expect(scrubMessage('Failed on answer number 1400 today', many)).toBe('Failed on answer number 1400 today');
  });

  it('ignores blank strings in the request instead of hiding the gaps between words and punctuation', () => {
    const message = 'Cannot read properties of undefined (reading x): 2 - 3.';
    expect(scrubMessage(message, { a: '', b: '   ', c: ['\n'] })).toBe(message);
  });

  it('hides an answer containing regular-expression characters verbatim, keeping the text around it', () => {
    expect(scrubMessage('No rule for my (left) leg? here', { value: 'my (left) leg?' })).toBe('No rule for … here');
    expect(scrubMessage('Parse a.b*c failed', ['a.b*c'])).toBe('Parse … failed');
  });

  it('hides a short answer only as a whole word so the message stays readable', () => {
    expect(scrubMessage('Cannot say no to not', { answer: 'no' })).toBe('Cannot say … to not');
  });

  it('hides an answer of three letters or more even inside a longer word', () => {
    expect(scrubMessage('Cannot map legacy leg', { slot: 'leg' })).toBe('Cannot map …acy …');
    expect(scrubMessage('Cannot map kneecap', { slot: 'knee' })).toBe('Cannot map …cap');
  });

  it('hides every occurrence of an answer, whatever its letter case', () => {
    expect(scrubMessage('calf then calf then CALF', { slot: 'calf' })).toBe('… then … then …');
  });

  it('collapses runs of whitespace and newlines to single spaces and trims the ends', () => {
    expect(scrubMessage('  Cannot\n read   properties\t\tof undefined \n', {})).toBe('Cannot read properties of undefined');
  });

  it('caps the message at 200 characters, the last one an ellipsis', () => {
    const letters = (length: number): string => Array.from({ length }, (_, index) => 'abcdefghij'[index % 10]).join('');
    expect(scrubMessage(letters(200), {})).toBe(letters(200));
    const capped = scrubMessage(letters(201), {});
    expect(capped).toHaveLength(200);
    expect(capped).toBe(`${letters(199)}…`);
  });
});

describe('thrownAt: the source line an error was thrown from', () => {
  const here = process.cwd();

  it('names a file inside the repository by its repository path, with or without file://', () => {
    expect(thrownAt(`Error: boom\n    at fn (file://${here}/src/skill/handlers.ts:10:5)`)).toBe('src/skill/handlers.ts:10:5');
    expect(thrownAt(`Error: boom\n    at fn (${here}/src/skill/handlers.ts:10:5)`)).toBe('src/skill/handlers.ts:10:5');
  });

  it('keeps a path outside the repository absolute', () => {
    expect(thrownAt('Error: boom\n    at /opt/elsewhere/x.js:1:2')).toBe('/opt/elsewhere/x.js:1:2');
  });

  it('drops every leading ./ and ../ of a relative path', () => {
    expect(thrownAt('Error\n    at fn (../../src/skill/handlers.ts:3:4)')).toBe('src/skill/handlers.ts:3:4');
    expect(thrownAt('Error\n    at ./../src/x.ts:1:1')).toBe('src/x.ts:1:1');
  });

  it("prefers the innermost frame in the skill's own code over a library frame above it", () => {
    const stack = [
      'TypeError: x is not a function',
      `    at call (${here}/node_modules/ask-sdk-core/dist/a.js:7:9)`,
      `    at handle (${here}/src/skill/handlers.ts:20:3)`,
      `    at outer (${here}/lambda/index.ts:5:1)`,
    ].join('\n');
    expect(thrownAt(stack)).toBe('src/skill/handlers.ts:20:3');
  });

  it('falls back to the innermost frame when only library frames are in the stack', () => {
    const stack = `Error\n    at a (${here}/node_modules/lib/a.js:1:2)\n    at b (node:internal/process/task_queues:95:5)`;
    expect(thrownAt(stack)).toBe('node_modules/lib/a.js:1:2');
  });

  it('says nothing when there is no stack or no frame in it', () => {
    expect(thrownAt(undefined)).toBeUndefined();
    expect(thrownAt('Error: boom')).toBeUndefined();
  });

  describe('in a bundle', () => {
    let dir = '';
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'error-report-'));
      writeFileSync(join(dir, 'bundle.js'), 'minified();\n\nmore();\n');
      writeFileSync(join(dir, 'plain.js'), 'minified();\n');
      // Generated (line, column) -> handlers.ts line index: (0, 0) -> 41, (0, 15) -> 43, (2, 0) -> 47.
      const map = { version: 3, file: 'bundle.js', sources: ['../src/skill/handlers.ts'], names: [], mappings: 'AAyCA,eAEA;;AAIA' };
      writeFileSync(join(dir, 'bundle.js.map'), JSON.stringify(map));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('reads the original source line through the map beside the bundle, with or without file://', () => {
      expect(thrownAt(`Error\n    at handle (${dir}/bundle.js:1:15)`)).toBe('src/skill/handlers.ts:42');
      expect(thrownAt(`Error\n    at handle (file://${dir}/bundle.js:1:15)`)).toBe('src/skill/handlers.ts:42');
      expect(thrownAt(`Error\n    at handle (${dir}/bundle.js:1:16)`)).toBe('src/skill/handlers.ts:44');
      expect(thrownAt(`Error\n    at handle (${dir}/bundle.js:3:1)`)).toBe('src/skill/handlers.ts:48');
    });

    it('keeps file, line and column for a bundle without a map', () => {
      expect(thrownAt(`Error\n    at handle (${dir}/plain.js:1:15)`)).toBe(`${dir}/plain.js:1:15`);
    });

    it('reads a map once, however many errors are thrown from its bundle (an error must not make the next one slow)', () => {
      writeFileSync(join(dir, 'again.js'), 'minified();\n');
      writeFileSync(join(dir, 'again.js.map'), fs.readFileSync(join(dir, 'bundle.js.map'), 'utf8'));
      const reads = jest.spyOn(fs, 'readFileSync');
      for (let error = 0; error < 3; error += 1)
        expect(thrownAt(`Error\n    at handle (${dir}/again.js:1:15)`)).toBe('src/skill/handlers.ts:42');
      expect(reads.mock.calls.filter(([path]) => String(path).endsWith('again.js.map'))).toHaveLength(1);
      reads.mockRestore();
    });
  });
});

describe('reportError: the log line of an error', () => {
  function errorWith(message: string, name: string, stack: string): Error {
    const error = new Error(message);
    error.name = name;
    error.stack = stack;
    return error;
  }

  it('reports the kind, the scrubbed message and where it was thrown', () => {
    const error = errorWith('No rule for calf', 'TypeError', 'TypeError\n    at fn (src/skill/handlers.ts:10:5)');
    expect(reportError(error, { slot: 'calf' }, [])).toEqual({
      error: 'TypeError',
      errorMessage: 'No rule for …',
      errorAt: 'src/skill/handlers.ts:10:5',
    });
  });

  it("reports an error without a name as 'Error', and leaves out an empty message and a missing place", () => {
    expect(reportError(errorWith('boom', '', 'boom'), {}, [])).toEqual({ error: 'Error', errorMessage: 'boom' });
    expect(reportError(errorWith('', 'RangeError', ''), {}, [])).toEqual({ error: 'RangeError' });
  });

  it('reports a thrown non-Error by its type only, never its value', () => {
    expect(reportError('my calf hurts', {}, [])).toEqual({ error: 'string' });
    expect(reportError(42, {}, [])).toEqual({ error: 'number' });
  });

  it('hides the further words it is given from the message', () => {
    const error = errorWith('Rule calf-cramp failed: deep vein', 'Error', 'Error');
    expect(reportError(error, {}, ['calf-cramp', 'deep vein'])).toEqual({ error: 'Error', errorMessage: 'Rule … failed: …' });
  });
});
