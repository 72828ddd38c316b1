/** Tests are transpiled only (SWC); `tsc --noEmit` in `npm test` does the type-check once. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // the real-program suites run in `npm run test:real` (jest.real.config.js)
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/test/real/"],
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022" } }] },
  testTimeout: 120000,
  // cdktf's token creation stacks formatted when read, as in the bundled app
  setupFilesAfterEnv: ["<rootDir>/test/setup/lazy-stack-traces.js"],
  // jest's default (cores - 1) runs every suite in one process on a 2-core machine; the
  // suites wait on child processes (terraform, prometheus…) much of the time
  maxWorkers: "100%",
};
