"use strict";
/**
 * cdktf's `captureStackTrace` (cdktf/lib/tokens/private/stack-trace.js), formatted on first read.
 *
 * cdktf records where each token was created, for its error messages, by formatting a full
 * stack trace as text at once: most of a synth's stack-trace work, and read only when a
 * token fails to resolve. scripts/run-app.js bundles this module in place of cdktf's: the
 * frames are captured at the same point (V8 keeps them unformatted), and the lines are the
 * same as cdktf's once anything reads the array.
 */
exports.captureStackTrace = function captureStackTrace(below) {
  const holder = {};
  const previousLimit = Error.stackTraceLimit;
  try {
    Error.stackTraceLimit = Number.MAX_SAFE_INTEGER;
    Error.captureStackTrace(holder, below || captureStackTrace);
  } finally {
    Error.stackTraceLimit = previousLimit;
  }
  let lines;
  const formatted = () => {
    lines ??= holder.stack ? holder.stack.split("\n").slice(1).map((line) => line.replace(/^\s*at\s+/, "")) : [];
    return lines;
  };
  return new Proxy([], {
    get: (_, key) => {
      const value = formatted()[key];
      return typeof value === "function" ? value.bind(formatted()) : value;
    },
    has: (_, key) => key in formatted(),
    ownKeys: () => Reflect.ownKeys(formatted()),
    getOwnPropertyDescriptor: (_, key) => Reflect.getOwnPropertyDescriptor(formatted(), key),
  });
};
