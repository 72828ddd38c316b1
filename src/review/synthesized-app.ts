import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { SensitiveValue } from "./opaque-values";
import { ReviewInputError } from "./review-input-error";

/** One resource of a synthesized stack. */
export interface SynthesizedResource {
  /** Terraform address, `<type>.<logical id>`. */
  readonly address: string;
  readonly type: string;
  /** Construct path below the stack (`observability/loki/chart/release`): the name the review shows. */
  readonly path: string;
  /** Its arguments, without cdktf's metadata; references to other resources of the stack resolved where their value is in the configuration. */
  readonly config: Record<string, unknown>;
  /** A Helm release's values documents by concern, in order, as its comment block names them (`"//".valuesDocuments`). */
  readonly documentTitles?: readonly string[];
}

/** One stack of a synthesized app. */
export interface SynthesizedStack {
  readonly name: string;
  readonly resources: ReadonlyMap<string, SynthesizedResource>;
}

/** A synthesized cdktf app: `manifest.json` and `stacks/<name>/cdk.tf.json`, stacks in manifest order. */
export interface SynthesizedApp {
  readonly dir: string;
  readonly stacks: ReadonlyMap<string, SynthesizedStack>;
}

/** Arguments that never make Terraform plan a change of the resource itself. */
const META_ARGUMENTS = new Set(["//", "depends_on", "lifecycle", "provider", "count", "for_each", "connection", "provisioner"]);

function readJson(file: string, what: string): any {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new ReviewInputError(`${file}: cannot read ${what}: ${(error as Error).message}`);
  }
}

/** Loads a synthesized app (cdktf's output folder, or a project folder holding `cdktf.out/`). */
export function loadSynthesizedApp(dir: string): SynthesizedApp {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ReviewInputError(`${dir}: no such directory`);
  const root = !existsSync(join(dir, "manifest.json")) && existsSync(join(dir, "cdktf.out", "manifest.json")) ? join(dir, "cdktf.out") : dir;
  const manifestFile = join(root, "manifest.json");
  if (!existsSync(manifestFile)) throw new ReviewInputError(`${dir}: no manifest.json (not a synthesized cdktf output folder; run \`cdktf synth\` first)`);
  const manifest = readJson(manifestFile, "the cdktf manifest");
  const entries = manifest?.stacks;
  if (entries === null || typeof entries !== "object") throw new ReviewInputError(`${manifestFile}: no "stacks" object`);
  const stacks = new Map<string, SynthesizedStack>();
  for (const [name, entry] of dependencyOrder(entries as Record<string, ManifestStack>)) {
    const file = join(root, entry.synthesizedStackPath ?? join("stacks", name, "cdk.tf.json"));
    if (!existsSync(file)) throw new ReviewInputError(`${manifestFile}: stack "${name}": ${file} is missing`);
    stacks.set(name, stackOf(name, readJson(file, `stack "${name}"`)));
  }
  return { dir: root, stacks };
}

interface ManifestStack {
  readonly synthesizedStackPath?: string;
  readonly dependencies?: readonly string[];
}

/** The manifest's stacks, each after the stacks it depends on (the order `cdktf deploy` runs them in), else by name. */
function dependencyOrder(entries: Record<string, ManifestStack>): [string, ManifestStack][] {
  const ordered = new Map<string, ManifestStack>();
  const visit = (name: string, seen: Set<string>) => {
    if (ordered.has(name) || seen.has(name) || !entries[name]) return;
    seen.add(name);
    for (const dependency of [...(entries[name].dependencies ?? [])].sort()) visit(dependency, seen);
    ordered.set(name, entries[name]);
  };
  for (const name of Object.keys(entries).sort()) visit(name, new Set());
  return [...ordered];
}

interface StackDocument {
  readonly resource?: Record<string, Record<string, Record<string, any>>>;
  readonly variable?: Record<string, { sensitive?: boolean }>;
}

function stackOf(name: string, document: StackDocument): SynthesizedStack {
  const raw = new Map<string, { type: string; path: string; config: Record<string, unknown>; documentTitles?: string[] }>();
  for (const [type, resources] of Object.entries(document.resource ?? {})) {
    for (const [id, body] of Object.entries(resources)) {
      const constructPath: string = body["//"]?.metadata?.path ?? `${name}/${id}`;
      const config = Object.fromEntries(Object.entries(body).filter(([key]) => !META_ARGUMENTS.has(key)));
      const documentTitles = Array.isArray(body["//"]?.valuesDocuments) ? { documentTitles: body["//"].valuesDocuments } : {};
      raw.set(`${type}.${id}`, { type, path: constructPath.startsWith(`${name}/`) ? constructPath.slice(name.length + 1) : constructPath, config, ...documentTitles });
    }
  }
  const sensitive = Object.keys(document.variable ?? {}).filter((variable) => document.variable![variable].sensitive);
  const resources = new Map<string, SynthesizedResource>();
  for (const [address, { type, path, config, documentTitles }] of raw) {
    resources.set(address, {
      address,
      type,
      path,
      config: hideSensitiveVariables(resolveReferences(config, raw), sensitive) as Record<string, unknown>,
      ...(documentTitles ? { documentTitles } : {}),
    });
  }
  return { name, resources };
}

/** `value` with every string that uses a sensitive variable (`${var.<name>}`) hidden, as Terraform hides it in plans. */
function hideSensitiveVariables(value: unknown, variables: readonly string[]): unknown {
  if (!variables.length) return value;
  if (typeof value === "string") return variables.some((variable) => new RegExp(`\\bvar\\.${variable}\\b`).test(value)) ? new SensitiveValue(value) : value;
  if (Array.isArray(value)) return value.map((item) => hideSensitiveVariables(item, variables));
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, hideSensitiveVariables(item, variables)]));
  return value;
}

/** `${type.id.attr[0].key}`: a whole-string reference to an attribute of another resource. */
const REFERENCE = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)((?:\.[A-Za-z0-9_]+|\[\d+\])+)\}$/;

/**
 * `value` with every whole-string reference to another resource's argument replaced by that
 * argument's configured value, as Terraform knows it at plan time (a renamed namespace thus
 * changes the `namespace` of every release in it). References to computed attributes stay.
 */
function resolveReferences(value: unknown, resources: ReadonlyMap<string, { config: Record<string, unknown> }>, depth = 0): unknown {
  if (typeof value === "string") {
    const match = REFERENCE.exec(value);
    const target = match && resources.get(`${match[1]}.${match[2]}`);
    if (!match || !target || depth > 8) return value;
    const resolved = attributeAt(target.config, match[3]);
    return resolved === undefined || typeof resolved === "object" ? value : resolveReferences(resolved, resources, depth + 1);
  }
  if (Array.isArray(value)) return value.map((item) => resolveReferences(item, resources, depth));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolveReferences(item, resources, depth)]));
  }
  return value;
}

/** The value at `.a[0].b` in a configuration; a block cdktf wrote as one object stands for its own `[0]`. */
function attributeAt(config: unknown, path: string): unknown {
  let current = config;
  for (const [, key, index] of path.matchAll(/\.([A-Za-z0-9_]+)|\[(\d+)\]/g)) {
    if (key !== undefined) current = current !== null && typeof current === "object" && !Array.isArray(current) ? (current as Record<string, unknown>)[key] : undefined;
    else current = Array.isArray(current) ? current[Number(index)] : Number(index) === 0 ? current : undefined;
  }
  return current;
}
