import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import { stableUid } from "../grafana/stable-uid";
import { checkCorrelationOptions, type CorrelationOptions, metricStat, metricTimeseries, promQuery, promVariable, seriesLabel } from "./correlation-links";

export interface PostgresqlOptions {
  /** How log streams are labelled, for the links to Loki. @default Loki 3 / Alloy labels */
  readonly correlation?: CorrelationOptions;
}

export const POSTGRESQL_TITLE = "PostgreSQL";

const INSTANCE = 'instance=~"$instance"';
const DATABASE = `${INSTANCE}, datname=~"$datname"`;
/** Every aggregation keeps `namespace`: the links open the logs of the exporter's namespace. */
const BY_DB = "namespace, instance, datname";

/** Per-database rate of a `pg_stat_database_*` counter. */
function databaseRate(metric: string): string {
  return `sum by (${BY_DB}) (rate(${metric}{${DATABASE}}[$__rate_interval]))`;
}

/**
 * Health of the PostgreSQL servers postgres_exporter watches: up, connections against the
 * limit, transactions, cache hit ratio, locks and replication lag, with `instance` and
 * `datname` variables. Links open the logs of the series' namespace (no traces: the
 * series name no service to search Jaeger for).
 */
export function postgresqlDashboard(options: PostgresqlOptions = {}): dashboard.Dashboard {
  checkCorrelationOptions(options.correlation, `dashboard "${POSTGRESQL_TITLE}"`);
  const subject = { namespace: seriesLabel("namespace") };
  const panel = (title: string) => metricTimeseries(title, subject, options.correlation).span(12);

  return new dashboard.DashboardBuilder(POSTGRESQL_TITLE)
    .uid(stableUid(POSTGRESQL_TITLE))
    .description("PostgreSQL servers as postgres_exporter reports them.")
    .tags(["cdktf-observability", "database", "postgresql"])
    .time({ from: "now-6h", to: "now" })
    .refresh("1m")
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .withVariable(promVariable("instance", "Instance", "label_values(pg_up, instance)"))
    .withVariable(promVariable("datname", "Database", `label_values(pg_stat_database_xact_commit{${INSTANCE}}, datname)`))
    .withPanel(
      metricStat("Up", subject, options.correlation)
        .description("Whether the exporter reaches the server (pg_up).")
        .span(6)
        .mappings([
          { type: dashboard.MappingType.ValueToText, options: { "0": { text: "Down", color: "red" }, "1": { text: "Up", color: "green" } } },
        ])
        .withTarget(promQuery(`max by (namespace, instance) (pg_up{${INSTANCE}})`, "{{instance}}")),
    )
    .withPanel(
      panel("Connections")
        .description("Backends per server against max_connections.")
        .min(0)
        .span(18)
        .targets([
          promQuery(`sum by (namespace, instance) (pg_stat_activity_count{${DATABASE}})`, "{{instance}} connections", "A"),
          promQuery(`max by (namespace, instance) (pg_settings_max_connections{${INSTANCE}})`, "{{instance}} max_connections", "B"),
        ]),
    )
    .withPanel(
      panel("Transactions")
        .description("Commits and rollbacks per second per database.")
        .unit("ops")
        .min(0)
        .targets([
          promQuery(databaseRate("pg_stat_database_xact_commit"), "{{datname}} commits", "A"),
          promQuery(databaseRate("pg_stat_database_xact_rollback"), "{{datname}} rollbacks", "B"),
        ]),
    )
    .withPanel(
      panel("Cache hit ratio")
        .description("Share of block reads served from shared buffers; below ~0.99 the working set does not fit in memory.")
        .unit("percentunit")
        .max(1)
        .withTarget(
          promQuery(
            `${databaseRate("pg_stat_database_blks_hit")} / (${databaseRate("pg_stat_database_blks_hit")} + ${databaseRate("pg_stat_database_blks_read")})`,
            "{{datname}}",
          ),
        ),
    )
    .withPanel(
      panel("Locks")
        .description("Locks held per database and mode.")
        .min(0)
        .withTarget(promQuery(`sum by (${BY_DB}, mode) (pg_locks_count{${DATABASE}})`, "{{datname}} {{mode}}")),
    )
    .withPanel(
      panel("Replication lag")
        .description("How far replicas are behind their primary: seconds since the last replayed transaction (postgres_exporter ≥ 0.13.2); 0 on a primary.")
        .unit("s")
        .min(0)
        .withTarget(
          promQuery(
            `max by (namespace, instance) (pg_replication_lag_seconds{${INSTANCE}})`,
            "{{instance}}",
          ),
        ),
    )
    .build();
}
