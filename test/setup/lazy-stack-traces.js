/**
 * cdktf's token creation stacks formatted on first read, as in the bundled app
 * (scripts/lazy-stack-trace.js): under jest, formatting each one through its source maps
 * is a large part of every suite that synthesizes.
 */
jest.mock("cdktf/lib/tokens/private/stack-trace", () => jest.requireActual("../../scripts/lazy-stack-trace.js"));
