/** An OpenTelemetry Collector style config (the collector's own, or Jaeger v2's). */
type CollectorConfig = {
  receivers?: Record<string, unknown>;
  processors?: Record<string, unknown>;
  exporters?: Record<string, unknown>;
  connectors?: Record<string, unknown>;
  extensions?: Record<string, unknown>;
  service: { extensions?: string[]; pipelines: Record<string, { receivers: string[]; processors?: string[]; exporters: string[] }> };
};

/**
 * What the collector would refuse at start-up, or silently drop: a pipeline naming an
 * undefined component, an exporter or receiver no pipeline uses, a connector that is not
 * both exported to and received from. `injected` lists components the chart adds (presets).
 */
export function pipelineWiringProblems(config: CollectorConfig, injected: readonly string[] = []): string[] {
  const pipelines = Object.entries(config.service.pipelines);
  const has = (section: Record<string, unknown> | undefined, id: string) => injected.includes(id) || id in (section ?? {});
  const used = (role: "receivers" | "exporters", id: string) => pipelines.some(([, p]) => p[role].includes(id));
  const problems = pipelines.flatMap(([name, p]) => [
    ...p.receivers.filter((id) => !has(config.receivers, id) && !has(config.connectors, id)).map((id) => `${name}: receiver ${id} is not defined`),
    ...(p.processors ?? []).filter((id) => !has(config.processors, id)).map((id) => `${name}: processor ${id} is not defined`),
    ...p.exporters.filter((id) => !has(config.exporters, id) && !has(config.connectors, id)).map((id) => `${name}: exporter ${id} is not defined`),
  ]);
  problems.push(...Object.keys(config.exporters ?? {}).filter((id) => !used("exporters", id)).map((id) => `exporter ${id} is in no pipeline`));
  problems.push(...Object.keys(config.receivers ?? {}).filter((id) => !used("receivers", id)).map((id) => `receiver ${id} is in no pipeline`));
  problems.push(
    ...Object.keys(config.connectors ?? {})
      .filter((id) => !used("exporters", id) || !used("receivers", id))
      .map((id) => `connector ${id} must be exported to and received from`),
  );
  problems.push(...(config.service.extensions ?? []).filter((id) => !has(config.extensions, id)).map((id) => `extension ${id} is not defined`));
  return problems;
}
