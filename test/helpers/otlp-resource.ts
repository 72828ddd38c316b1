import { Values } from "../../src/helm/values";

/** Resource attributes (or labels): name → value. */
export type Labels = Record<string, string>;

/**
 * The resource of an app's telemetry as its SDK and the collector's k8s_attributes leave it
 * (service `checkout` in service namespace `shop`, a pod of the `shop` Kubernetes namespace):
 * every attribute Loki indexes by default, and the ones Jaeger keeps as process tags.
 */
export const APP_RESOURCE: Labels = {
  "service.name": "checkout",
  "service.namespace": "shop",
  "service.instance.id": "627cc493-f310-47de-96bd-71410b7dec09",
  "service.version": "1.4.2",
  "deployment.environment.name": "production",
  "telemetry.sdk.language": "python",
  "telemetry.sdk.name": "opentelemetry",
  "cloud.region": "eu-west-1",
  "cloud.availability_zone": "eu-west-1a",
  "k8s.cluster.name": "the-app-thinks-so",
  "k8s.namespace.name": "shop",
  "k8s.pod.name": "checkout-7d4b9c-x2x8q",
  "k8s.pod.uid": "1f6b2c3d-0000-4000-8000-000000000001",
  "k8s.container.name": "checkout",
  "container.name": "checkout",
  "k8s.replicaset.name": "checkout-7d4b9c",
  "k8s.deployment.name": "checkout",
  "k8s.node.name": "node-1",
  "host.name": "checkout-7d4b9c-x2x8q",
};

/** The collector's `resource` processor actions we use (upsert/insert of a value or another attribute, delete). */
export function applyResourceProcessor(resource: Labels, processor: Values): Labels {
  const out = { ...resource };
  for (const action of (processor.attributes ?? []) as Array<Record<string, string>>) {
    const value = action.from_attribute !== undefined ? out[action.from_attribute] : action.value;
    if (action.action === "delete") delete out[action.key];
    else if (action.action === "upsert" && value !== undefined) out[action.key] = value;
    else if (action.action === "insert" && value !== undefined && !(action.key in out)) out[action.key] = value;
    else if (!["upsert", "insert"].includes(action.action)) throw new Error(`unmodelled resource action ${action.action}`);
  }
  return out;
}

/** `resource` after the `resource/…` processors of one of the collector's pipelines, in their order. */
export function afterPipeline(collectorConfig: any, pipeline: string, resource: Labels = APP_RESOURCE): Labels {
  const resourceProcessors = (collectorConfig.service.pipelines[pipeline].processors as string[]).filter((id) => id.startsWith("resource"));
  return resourceProcessors.reduce((r, id) => applyResourceProcessor(r, collectorConfig.processors[id]), resource);
}
