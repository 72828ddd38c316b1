import { Construct } from "constructs";
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import {
  MonitorObject,
  PodMonitorDefinition,
  podMonitorObject,
  ServiceMonitorDefinition,
  serviceMonitorObject,
} from "../src/metrics/monitors";

/** A ServiceMonitor definition with the namespace it is created in. */
export type ServiceMonitorManifestProps = ServiceMonitorDefinition & {
  /** Namespace the ServiceMonitor is created in (and, without `namespaceSelector`, where Services are discovered). */
  readonly namespace: string;
};

/** A PodMonitor definition with the namespace it is created in. */
export type PodMonitorManifestProps = PodMonitorDefinition & {
  /** Namespace the PodMonitor is created in (and, without `namespaceSelector`, where Pods are discovered). */
  readonly namespace: string;
};

/** A validated prometheus-operator object applied with `kubernetes_manifest`. */
export abstract class MonitorManifest extends Construct {
  /** The object as applied. */
  readonly object: MonitorObject;
  readonly resource: Manifest;

  protected constructor(scope: Construct, id: string, render: (where: string) => MonitorObject) {
    super(scope, id);
    this.object = render(this.node.path);
    this.resource = new Manifest(this, "manifest", { manifest: this.object });
  }
}

/**
 * A ServiceMonitor as a `kubernetes_manifest`, for app repos deployed AFTER the platform.
 *
 * `kubernetes_manifest` reads the CRD's schema from the cluster at plan time, so the
 * prometheus-operator CRDs must already be installed when this is planned. The platform
 * stack therefore never uses this construct: its own monitors go through
 * kube-prometheus-stack's `prometheus.additionalServiceMonitors` (see
 * `renderAdditionalServiceMonitors`).
 *
 * Prometheus only selects it when it carries the label Prometheus looks for, by default
 * `release: <kube-prometheus-stack release name>` (put it in `labels`), unless the platform
 * opened up its selectors.
 */
export class ServiceMonitorManifest extends MonitorManifest {
  constructor(scope: Construct, id: string, props: ServiceMonitorManifestProps) {
    super(scope, id, (where) => serviceMonitorObject(props, where));
  }
}

/**
 * A PodMonitor as a `kubernetes_manifest`, for app repos deployed AFTER the platform: the
 * same plan-time CRD constraint and `release` label as {@link ServiceMonitorManifest}
 * apply; the platform uses `prometheus.additionalPodMonitors` instead.
 */
export class PodMonitorManifest extends MonitorManifest {
  constructor(scope: Construct, id: string, props: PodMonitorManifestProps) {
    super(scope, id, (where) => podMonitorObject(props, where));
  }
}
