/**
 * Loads a module of src/ afresh, inside the running test, as the skill loads it at start: the schemas and
 * constants it builds at load are then built by this test. `npm run mutate` counts what runs while modules load
 * as reached by no test (see lazy.ts), so a test that checks what a schema rejects loads the schema itself.
 */
export function loadFresh<T>(path: '../../src/dialog/conversation' | '../../src/dialog/state' | '../../src/rules' | '../../src/rules/schema'): T {
  let loaded: T | undefined;
  jest.isolateModules(() => {
    loaded = require(path) as T;
  });
  return loaded!;
}
