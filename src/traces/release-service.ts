/** A Service a chart creates for a release, as other components address it. */
export interface ReleaseService {
  /** The Service name. */
  readonly name: string;
  /** `<name>.<namespace>.svc`: resolvable from every namespace, whatever the cluster domain. */
  readonly host: string;
}

/**
 * The Service a chart names after its release with Helm's usual `<chart>.fullname` rule
 * (the jaeger and opentelemetry-collector charts both use it): the release name when it
 * already contains the chart name, `<release>-<chart>` otherwise, cut to 63 characters.
 * Computed here once so no service name is ever typed twice.
 */
export function releaseService(releaseName: string, chartName: string, namespace: string): ReleaseService {
  const fullname = releaseName.includes(chartName) ? releaseName : `${releaseName}-${chartName}`;
  const name = fullname.slice(0, 63).replace(/-$/, "");
  return { name, host: `${name}.${namespace}.svc` };
}
