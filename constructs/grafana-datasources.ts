import { Construct } from "constructs";
import { Token } from "cdktf";
import { DataSource } from "../.gen/providers/grafana/data-source";
import { ConfigError } from "../src/config/config-error";
import { parseConfig } from "../src/config/parse-config";
import { canonicalJson } from "../src/dashboards/normalize-dashboard";
import { DATASOURCE_UIDS, DatasourceKind } from "../src/grafana/datasource-uids";
import {
  alertmanagerJsonData,
  DATASOURCE_NAMES,
  DATASOURCE_TYPES,
  DatasourcesConfig,
  DatasourcesInput,
  datasourcesSchema,
  jaegerJsonData,
  lokiHttpHeaders,
  lokiJsonData,
  prometheusJsonData,
} from "../src/grafana/datasources";
import { escapeTerraformTemplates } from "../src/terraform/escape-templates";

export type GrafanaDatasourcesProps = DatasourcesInput;

/**
 * The four datasources of the platform, with the stable UIDs dashboards and alert rules
 * use, linked to each other: a trace id in a log line or an exemplar opens the trace in
 * Jaeger; a span opens its logs in Loki and its service's RED metrics in Prometheus.
 * Prometheus is Grafana's default datasource. URLs may be Terraform references.
 */
export class GrafanaDatasources extends Construct {
  /** Datasource UIDs, the same in every environment. */
  readonly uids = DATASOURCE_UIDS;
  readonly config: DatasourcesConfig;
  readonly prometheus: DataSource;
  readonly loki: DataSource;
  readonly jaeger: DataSource;
  readonly alertmanager: DataSource;

  constructor(scope: Construct, id: string, props: GrafanaDatasourcesProps) {
    super(scope, id);
    const config = parseConfig(datasourcesSchema(Token.isUnresolved), props, this.node.path);
    this.config = config;
    try {
      this.prometheus = this.datasource("prometheus", prometheusJsonData(config));
      this.loki = this.datasource("loki", lokiJsonData(), lokiHttpHeaders(config));
      this.jaeger = this.datasource("jaeger", jaegerJsonData(config));
      this.alertmanager = this.datasource("alertmanager", alertmanagerJsonData(config));
    } catch (error) {
      throw error instanceof ConfigError ? error.within(this.node.path) : error;
    }
  }

  private datasource(kind: DatasourceKind, jsonData: object, httpHeaders?: Record<string, string>): DataSource {
    return new DataSource(this, kind, {
      name: DATASOURCE_NAMES[kind],
      type: DATASOURCE_TYPES[kind],
      uid: DATASOURCE_UIDS[kind],
      url: this.config[kind].url,
      accessMode: "proxy",
      isDefault: kind === "prometheus",
      // sorted keys: the same settings always give the same string, so re-plans show no change
      jsonDataEncoded: escapeTerraformTemplates(canonicalJson(jsonData)),
      httpHeaders,
    });
  }
}
