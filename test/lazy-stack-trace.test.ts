import { IResolvable, Lazy } from "cdktf";

type CaptureStackTrace = (below?: Function) => string[];
/** scripts/lazy-stack-trace.js: what run-app.js bundles in place of cdktf's stack-trace module (and test/setup mocks it with). */
const { captureStackTrace } = require("../scripts/lazy-stack-trace.js") as { captureStackTrace: CaptureStackTrace };
/** cdktf's own. */
const { captureStackTrace: cdktfCaptureStackTrace } = jest.requireActual("cdktf/lib/tokens/private/stack-trace") as { captureStackTrace: CaptureStackTrace };

/**
 * Both captures from one function: their frames differ only at the call itself (its column,
 * and under jest the name its source map gives that position).
 */
function capturedTwice(): [string[], string[]] {
  return [captureStackTrace(), cdktfCaptureStackTrace()];
}
const withoutPositions = (lines: readonly string[]) => lines.map((line) => line.replace(/:\d+:\d+\)?$/, ""));

describe("the lazily formatted token creation stack", () => {
  it("holds the lines cdktf's own captureStackTrace gives at the same point", () => {
    const [lazy, eager] = capturedTwice();
    expect(lazy[0]).toContain("lazy-stack-trace.test.ts:");
    expect(eager[0]).toContain("lazy-stack-trace.test.ts:");
    expect(lazy.length).toBe(eager.length);
    expect(withoutPositions(lazy.slice(1))).toEqual(withoutPositions(eager.slice(1)));
  });

  it("behaves as an array wherever cdktf reads it (length, join, index, spread, JSON)", () => {
    const [lazy] = capturedTwice();
    expect(Array.isArray(lazy)).toBe(true);
    expect(lazy.length).toBeGreaterThan(1);
    expect(lazy.join("\n  at ").split("\n  at ")).toEqual([...lazy]);
    expect(lazy[lazy.length - 1]).toBe([...lazy].pop());
    expect(JSON.parse(JSON.stringify(lazy))).toEqual([...lazy]);
    expect(0 in lazy).toBe(true);
  });

  it("hides the frames below the given function, as cdktf's does", () => {
    function creator() {
      return [captureStackTrace(creator), cdktfCaptureStackTrace(creator), captureStackTrace()];
    }
    const [below, eagerBelow, all] = creator();
    expect(withoutPositions([...below])).toEqual(withoutPositions(eagerBelow));
    expect(below.length).toBe(all.length - 1);
  });

  /** Runs `body` with stack formatting counted; the number of traces formatted. */
  function formatsDuring(body: () => void): number {
    const original = Error.prepareStackTrace;
    let formatted = 0;
    Error.prepareStackTrace = (error, frames) => {
      formatted++;
      return original ? original(error, frames) : `${String(error)}\n${frames.map((frame) => `    at ${frame}`).join("\n")}`;
    };
    try {
      body();
    } finally {
      Error.prepareStackTrace = original;
    }
    return formatted;
  }

  it("formats the trace only when first read, and once", () => {
    let lazy: string[] = [];
    expect(formatsDuring(() => (lazy = captureStackTrace()))).toBe(0);
    expect(formatsDuring(() => expect(lazy[0]).toContain("lazy-stack-trace.test.ts:"))).toBe(1);
    expect(formatsDuring(() => expect(lazy.join()).toContain(lazy[0]))).toBe(0);
  });

  it("is what cdktf's tokens use in the tests too (test/setup)", () => {
    let token: IResolvable | undefined;
    expect(formatsDuring(() => (token = Lazy.anyValue({ produce: () => "x" })))).toBe(0);
    expect(formatsDuring(() => expect(token!.creationStack.join("\n")).toContain("lazy-stack-trace.test.ts:"))).toBe(1);
  });
});
