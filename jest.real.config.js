/** `npm run test:real`: the suites that judge the synthesized output with real programs built by `npm run tools:build`. */
const base = require("./jest.config");
module.exports = { ...base, roots: ["<rootDir>/test/real"], testPathIgnorePatterns: [] };
