import { chartFullname } from "../helm/chart-fullname";

/** A Service a chart creates for a release, as other components address it. */
export interface ReleaseService {
  /** The Service name. */
  readonly name: string;
  /** `<name>.<namespace>.svc`: resolvable from every namespace, whatever the cluster domain. */
  readonly host: string;
}

/** The Service a chart names after its release (the jaeger and opentelemetry-collector charts). */
export function releaseService(releaseName: string, chartName: string, namespace: string): ReleaseService {
  const name = chartFullname(releaseName, chartName);
  return { name, host: `${name}.${namespace}.svc` };
}
