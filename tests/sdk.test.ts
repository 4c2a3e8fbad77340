// src/skill/sdk.ts imports three of ask-sdk-core's own module files rather than its index, which loads every helper
// and service client at a cold start. ask-sdk-core has no `exports` map, so a release could move those files: this
// fails loudly if one is gone or no longer the same thing the package's index exports.
import * as core from 'ask-sdk-core';
import * as sdk from '../src/skill/sdk';

describe('the parts of ask-sdk-core the skill loads by their own paths', () => {
  it.each(['SkillBuilders', 'ResponseFactory', 'getRequestType'] as const)('%s is the one the package exports', (name) => {
    expect(sdk[name]).toBeDefined();
    expect(sdk[name]).toBe(core[name]);
  });
});
