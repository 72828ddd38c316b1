/** One thing wrong with a configuration: the dotted field path and the problem. */
export interface ConfigProblem {
  /** Dotted path of the offending field, e.g. `grafana.url`; empty for the object itself. */
  readonly field: string;
  /** What is wrong with it. */
  readonly problem: string;
}

/** Control characters (a name with a newline…) escaped as in a JSON string, so a message stays one line. */
function escapeControlCharacters(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => (c === "\u007f" ? "\\u007f" : JSON.stringify(c).slice(1, -1)));
}

/**
 * A configuration mistake, reported as one line that says where it is (environment or
 * construct path), which field and what is wrong. Thrown before anything is synthesized.
 */
export class ConfigError extends Error {
  constructor(
    /** Where the mistake is: `environment "dev"`, a construct path, a file… */
    readonly where: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(escapeControlCharacters(`${where}: ${problems.map((p) => (p.field ? `${p.field}: ${p.problem}` : p.problem)).join("; ")}`));
    this.name = "ConfigError";
  }

  /** The same problems, reported from an outer scope (e.g. the environment around a construct). */
  within(outer: string): ConfigError {
    return new ConfigError(`${outer}: ${this.where}`, this.problems);
  }

  /** The same problems as parts of `field` (`objective` of `slos[1]` is `slos[1].objective`), reported from `where`. */
  asField(where: string, field: string): ConfigError {
    return new ConfigError(where, this.problems.map((p) => ({ field: p.field ? `${field}.${p.field}` : field, problem: p.problem })));
  }
}

/** Throws a ConfigError naming a construct path and a props field unless `ok`. */
export function check(ok: boolean, constructPath: string, field: string, problem: string): asserts ok {
  if (!ok) throw new ConfigError(constructPath, [{ field, problem }]);
}

/** Runs `run`, reporting its ConfigErrors from `where` as parts of `field` (see `ConfigError.asField`). */
export function reportedAsField<T>(where: string, field: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw error instanceof ConfigError ? error.asField(where, field) : error;
  }
}

/** Runs `run`, reporting its ConfigErrors from `where` (a construct path, an environment…). */
export function reportedWithin<T>(where: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw error instanceof ConfigError ? error.within(where) : error;
  }
}
