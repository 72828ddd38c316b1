import type * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import { complianceAuditDashboard, type ComplianceAuditOptions } from "./compliance-audit";
import type { CorrelationOptions } from "./correlation-links";
import { kubernetesOverviewDashboard } from "./kubernetes-overview";
import { postgresqlDashboard } from "./postgresql";
import { releaseImpactDashboard, type ReleaseImpactOptions } from "./release-impact";
import { type RedProfileChoice, serviceRedDashboard } from "./service-red";
import { stackHealthDashboard } from "./stack-health";

export type { ComplianceAuditOptions, UserExtraction } from "./compliance-audit";
export type { CorrelationOptions } from "./correlation-links";
export type { ReleaseImpactOptions } from "./release-impact";
export type { RedProfileChoice } from "./service-red";

export interface ShippedDashboardsOptions {
  /** RED profiles of the Service RED and Release impact dashboards. @default ["starlette-prometheus", "otel-http"] */
  readonly redProfiles?: readonly RedProfileChoice[];
  /** The compliance audit trail: namespace, match string, user extraction. @default `{namespace="productie"} |= "UserLogin"`, user from logfmt `user` */
  readonly compliance?: Omit<ComplianceAuditOptions, "correlation">;
  /** Baseline offset and release events query of the Release impact dashboard. @default 1d baseline, no events query */
  readonly releaseImpact?: Omit<ReleaseImpactOptions, "profiles" | "correlation">;
  /** How log streams are labelled, for every dashboard's links to Loki. @default Loki 3 / Alloy labels */
  readonly correlation?: CorrelationOptions;
}

/** Keys of the shipped dashboards (stable: use them as construct ids). */
export type ShippedDashboardName = "service-red" | "kubernetes-overview" | "postgresql" | "compliance-audit" | "release-impact" | "stack-health";

/** The six dashboards the stack ships, as Grafana JSON models with stable UIDs. */
export function shippedDashboards(options: ShippedDashboardsOptions = {}): Record<ShippedDashboardName, dashboard.Dashboard> {
  const { correlation, redProfiles: profiles } = options;
  return {
    "service-red": serviceRedDashboard({ profiles, correlation }),
    "kubernetes-overview": kubernetesOverviewDashboard({ correlation }),
    postgresql: postgresqlDashboard({ correlation }),
    "compliance-audit": complianceAuditDashboard({ ...options.compliance, correlation }),
    "release-impact": releaseImpactDashboard({ ...options.releaseImpact, profiles, correlation }),
    "stack-health": stackHealthDashboard({ correlation }),
  };
}
