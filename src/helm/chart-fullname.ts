/**
 * Helm's usual `<chart>.fullname` template, which most charts name their Services after:
 * the release name when it already contains the chart name, `<release>-<chart>` otherwise,
 * cut to `maxLength` (63, a DNS label; kube-prometheus-stack cuts to 26) without a trailing
 * dash. Computed in one place so no service name is ever typed twice.
 */
export function chartFullname(releaseName: string, chartName: string, maxLength = 63): string {
  const name = releaseName.includes(chartName) ? releaseName : `${releaseName}-${chartName}`;
  return name.slice(0, maxLength).replace(/-+$/, "");
}
