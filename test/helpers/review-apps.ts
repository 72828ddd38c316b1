import { SynthesizedApp, SynthesizedResource } from "../../src/review/synthesized-app";

/** A resource for a hand-made app: `type.id` with its construct path and arguments. */
export type ResourceSpec = Omit<SynthesizedResource, "address"> & { readonly id: string };

/** A synthesized app built by hand, one stack per key, for tests of the review on small changes. */
export function appOf(stacks: Record<string, readonly ResourceSpec[]>): SynthesizedApp {
  return {
    dir: "(test)",
    stacks: new Map(
      Object.entries(stacks).map(([name, resources]) => [
        name,
        { name, resources: new Map(resources.map(({ id, ...resource }) => [`${resource.type}.${id}`, { ...resource, address: `${resource.type}.${id}` }])) },
      ]),
    ),
  };
}

/** A helm_release with the given values documents (YAML or JSON texts). */
export function release(id: string, chart: string, values: readonly string[], extra: Record<string, unknown> = {}): ResourceSpec {
  return { id, type: "helm_release", path: `observability/${id}/release`, config: { name: id, chart, namespace: "monitoring", version: "1.0.0", values, ...extra } };
}
