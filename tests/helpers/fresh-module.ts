/**
 * Loads a module of src/ afresh, inside the running test, as the skill loads it at start: the schemas and
 * constants it builds at load are then built by this test. `npm run mutate` counts what runs while modules load
 * as reached by no test (see lazy.ts), so a test that checks what a schema rejects loads the schema itself.
 * Each path is required by name, so that jest (and so Stryker) sees which test files depend on which module.
 */
const loaders = {
  '../../src/dialog/conversation': () => require('../../src/dialog/conversation') as unknown,
  '../../src/dialog/state': () => require('../../src/dialog/state') as unknown,
  '../../src/rules': () => require('../../src/rules') as unknown,
  '../../src/rules/schema': () => require('../../src/rules/schema') as unknown,
};

export function loadFresh<T>(path: keyof typeof loaders): T {
  let loaded: T | undefined;
  jest.isolateModules(() => {
    loaded = loaders[path]() as T;
  });
  return loaded!;
}
