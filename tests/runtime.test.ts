/** Proves which Node.js the suite runs on when scripts/test-runtimes.ts runs it on Lambda's versions. */
describe('the Node.js runtime', () => {
  const expected = process.env.EXPECT_NODE_MAJOR;

  it(`is ${expected ? `Node.js ${expected}` : 'a supported Node.js (20, 22 or 24)'}`, () => {
    const major = process.versions.node.split('.')[0];
    if (expected) expect(major).toBe(expected);
    else expect(['20', '22', '24']).toContain(major);
  });
});
