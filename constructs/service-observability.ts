import { Construct } from "constructs";
import { TerraformStack, Token } from "cdktf";
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { ContactPoint as GrafanaContactPointResource } from "../.gen/providers/grafana/contact-point";
import { RuleGroup } from "../.gen/providers/grafana/rule-group";
import { z } from "zod";
import { AlertRule } from "../src/alerting/alert-rule";
import { AlertmanagerConfigObject, renderAlertmanagerConfigResource } from "../src/alerting/alertmanager-config-resource";
import { ContactPoint, ContactPointInput, contactPointSchema } from "../src/alerting/contact-point";
import { GrafanaRuleGroup, renderGrafanaRuleGroups } from "../src/alerting/grafana-rule-groups";
import { prometheusRuleObject, PrometheusRuleObject } from "../src/alerting/prometheus-rules";
import { serviceAlertRules, ServiceAlertsInput, serviceAlertsSchema } from "../src/alerting/service-alerts";
import { dnsLabel, nonEmpty } from "../src/config/common-schemas";
import { check, ConfigError, reportedAsField, reportedWithin } from "../src/config/config-error";
import { parseConfig, parseConfigField } from "../src/config/parse-config";
import { GRAFANA_UID } from "../src/dashboards/normalize-dashboard";
import { serviceRedDashboard } from "../src/dashboards/service-red";
import { DATASOURCE_UIDS } from "../src/grafana/datasource-uids";
import { stableUid } from "../src/grafana/stable-uid";
import { LabelSelector } from "../src/metrics/monitors";
import { RED_PROFILES, RedProfileName } from "../src/metrics/red-profiles";
import { sloDashboard } from "../src/slo/slo-dashboard";
import { buildSloRules, SloContext, SloRules } from "../src/slo/slo-rules";
import { SloSpecInput, sloSpecSchema } from "../src/slo/slo-spec";
import { escapeTerraformTemplatesDeep } from "../src/terraform/escape-templates";
import { addGrafanaContactPoints } from "./grafana-contact-points";
import { dashboardUrlPath, GrafanaDashboard } from "./grafana-dashboard";
import { GrafanaFolder } from "./grafana-folder";
import { PlatformHandle } from "./platform-handle";
import { ServiceMonitorManifest } from "./service-monitor";

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A contact point of the team; its name defaults to the team's. */
export type TeamContactPointInput = DistributiveOmit<ContactPointInput, "name"> & {
  /** Contact point name (Grafana's are unique in the organization). @default the team */
  readonly name?: string;
};

export interface ServiceObservabilityProps {
  /** The environment the service runs in (`PlatformHandle.fromRemoteState` or `fromValues`). */
  readonly platform: PlatformHandle;
  /** The service: the name of its Kubernetes Service, which Prometheus makes its `job` label. */
  readonly service: string;
  /** The service's namespace: its ServiceMonitor, PrometheusRule and AlertmanagerConfig go there. */
  readonly namespace: string;
  /** Labels of the Kubernetes Service to scrape. */
  readonly selector: LabelSelector;
  /** Name of the Service port that serves metrics. */
  readonly port: string;
  /** Path of the metrics. @default "/metrics" */
  readonly path?: string;
  /** Scrape interval. @default Prometheus' (the environment's `metrics.scrapeInterval`) */
  readonly interval?: string;
  /**
   * How the service's instrumentation names its RED metrics. @default the platform's first
   * RED profile (required with a platform read from remote state, whose profiles are known at apply)
   */
  readonly profile?: RedProfileName;
  /** Owning team: the `team` label of its alerts, and its Grafana folder. */
  readonly team: string;
  /**
   * Where the team's alerts go. Credentials are references: `{ secret: { name, key } }` (a
   * Secret in `namespace`) or, with the Grafana engine, `{ variable: "name" }` (`TF_VAR_name`).
   */
  readonly contactPoint: TeamContactPointInput;
  /** The RED alerts: engine, thresholds, runbooks. @default Prometheus-evaluated, the catalog's thresholds */
  readonly alerts?: ServiceAlertsInput;
  /**
   * The service's level objectives, one or a list: per SLO, recording rules of its SLI (in the
   * service's PrometheusRule, whichever the engine), the multi-window burn-rate alerts on the
   * engine of `alerts`, routed as the RED alerts, and an error-budget dashboard in the team's
   * folder. `service`, `team`, `namespace`, `engine` and the indicator's `profile` come from
   * these props (a spec naming others is an error); runbooks default to the SLO's dashboard
   * (or `alerts.runbookBaseUrl`). SLO names are unique within the team. @default none
   */
  readonly slo?: SloSpecInput | readonly SloSpecInput[];
  /** Title of the service's dashboard. @default "<service> RED" */
  readonly dashboardTitle?: string;
  /**
   * UID of the Grafana folder for the dashboard (and Grafana-managed rules). @default the
   * team's folder under the platform's Services folder, created once per stack (a team
   * onboarding from several stacks gives all but one of them the folder's UID)
   */
  readonly folderUid?: string;
}

const propsSchema = z.strictObject({
  service: dnsLabel,
  namespace: dnsLabel,
  team: dnsLabel,
  profile: z.enum(Object.keys(RED_PROFILES) as [RedProfileName, ...RedProfileName[]]).optional(),
  dashboardTitle: nonEmpty.optional(),
  folderUid: z.string().refine((uid) => Token.isUnresolved(uid) || GRAFANA_UID.test(uid), "must be a folder UID (1 to 40 letters, digits, '-' or '_') or a reference").optional(),
});

/**
 * One service onboarded from its team's own repo, after the platform is deployed: its
 * metrics scraped (a ServiceMonitor), its RED dashboard in the team's folder, RED alerts
 * (error ratio, latency) with the catalog's thresholds or the team's, its SLOs (burn-rate
 * alerts and error-budget dashboards), and the team's contact point. It owns nothing of the
 * organization or the platform:
 *
 * - Grafana engine: Grafana-managed rules whose `notification_settings` name the team's
 *   contact point, so no notification policy is touched;
 * - Prometheus engine (the default): a PrometheusRule and an AlertmanagerConfig in the
 *   service's namespace, which the platform's Alertmanager merges in (matching only alerts
 *   of that namespace).
 *
 * UIDs are namespaced by team, namespace and service, so they never take a shipped
 * dashboard's or another team's. Needs `kubernetes` and `grafana` providers in its stack.
 */
export class ServiceObservability extends Construct {
  readonly serviceMonitor: ServiceMonitorManifest;
  readonly dashboard: GrafanaDashboard;
  /** UID of the folder holding the dashboard (a reference when the folder is created here). */
  readonly folderUid: string;
  /** The validated contact point. */
  readonly contactPoint: ContactPoint;
  /** Every alert rule of the service, validated. */
  readonly rules: readonly AlertRule[];
  /** Grafana engine: the rule group and the team's contact point. */
  readonly ruleGroup?: RuleGroup;
  readonly grafanaContactPoint?: GrafanaContactPointResource;
  /** The rules of the service's SLOs. */
  readonly slos: readonly SloRules[];
  /** The error-budget dashboard of each SLO, by SLO name. */
  readonly sloDashboards: Readonly<Record<string, GrafanaDashboard>>;
  /** The PrometheusRule, as applied: the Prometheus-evaluated alerts and the SLOs' recording rules (none without either). */
  readonly prometheusRule?: PrometheusRuleObject;
  /** Prometheus engine: the AlertmanagerConfig, as applied. */
  readonly alertmanagerConfig?: AlertmanagerConfigObject;

  constructor(scope: Construct, id: string, props: ServiceObservabilityProps) {
    super(scope, id);
    const where = this.node.path;
    check(props.platform instanceof PlatformHandle, where, "platform", "must be a PlatformHandle (PlatformHandle.fromRemoteState or fromValues)");
    const { platform } = props;
    const { service, namespace, team, ...config } = parseConfig(propsSchema, pick(props, Object.keys(propsSchema.shape)), where);
    const profile = config.profile ?? (platform.known ? platform.redProfiles[0] : undefined);
    check(profile !== undefined, where, "profile", "is required: the platform's RED profiles are known only at apply when read from remote state");
    if (platform.known) {
      const differing = Object.entries(DATASOURCE_UIDS).filter(([kind, uid]) => platform.datasourceUids[kind as keyof typeof DATASOURCE_UIDS] !== uid);
      check(!differing.length, where, "platform.datasourceUids", `the dashboards and rules query ${differing.map(([kind, uid]) => `${kind} "${uid}"`).join(", ")}, the platform's datasources`);
    }
    const alerts = parseConfigField(serviceAlertsSchema, props.alerts ?? {}, where, "alerts");
    this.contactPoint = parseConfigField(contactPointSchema, { name: team, ...props.contactPoint }, where, "contactPoint");

    this.serviceMonitor = new ServiceMonitorManifest(this, "service-monitor", {
      name: service,
      namespace,
      labels: { team },
      selector: props.selector,
      endpoints: [{ port: props.port, path: props.path ?? "/metrics", ...(props.interval ? { interval: props.interval } : {}) }],
    });

    this.folderUid = config.folderUid ?? teamFolder(this, team, platform).uid;
    const title = config.dashboardTitle ?? `${service} RED`;
    this.dashboard = new GrafanaDashboard(this, "dashboard", {
      folder: this.folderUid,
      dashboard: reportedWithin(where, () => serviceRedDashboard({ profiles: [profile], service, title, uid: stableUid("team", team, namespace, service) })),
      // a team's dashboard never takes over another one
      overwrite: false,
    });

    const grafanaUrl = Token.isUnresolved(platform.grafanaUrl) ? platform.grafanaUrl : platform.grafanaUrl.replace(/\/+$/, "");
    this.rules = serviceAlertRules({ service, namespace, team, profile }, alerts, `${grafanaUrl}${this.dashboard.urlPath}`, where);

    const uidScope = ["team", team, namespace];
    const sloContext: SloContext = { service, namespace, team, profile, engine: alerts.engine, runbookBaseUrl: alerts.runbookBaseUrl };
    const specs = props.slo === undefined ? [] : Array.isArray(props.slo) ? (props.slo as readonly SloSpecInput[]) : [props.slo as SloSpecInput];
    const sloDashboards: Record<string, GrafanaDashboard> = {};
    this.slos = specs.map((spec, i) => {
      const field = Array.isArray(props.slo) ? `slo[${i}]` : "slo";
      checkSloAgrees(spec, { service, team, namespace, engine: alerts.engine, profile }, where, field);
      const name = parseConfigField(sloSpecSchema.shape.name, (spec as { name?: unknown } | null)?.name, where, `${field}.name`);
      const names = teamResources(this, team).sloNames;
      check(!names.has(name), where, `${field}.name`, `"${name}" is taken by another SLO of team "${team}" in this stack (their dashboards and rules share the team's folder)`);
      names.add(name);
      // namespaced like the RED dashboard, so never the platform's `slo-<name>`
      const uid = stableUid(...uidScope, service, "slo", name);
      const rules = reportedAsField(where, field, () =>
        buildSloRules(spec, { ...sloContext, runbookUrl: `${grafanaUrl}${dashboardUrlPath(uid)}` }, { uidScope, contactPoint: this.contactPoint.name }),
      );
      sloDashboards[name] = new GrafanaDashboard(this, `slo-${name}-dashboard`, { folder: this.folderUid, uid, dashboard: sloDashboard(rules.slo), overwrite: false });
      return rules;
    });
    this.sloDashboards = sloDashboards;

    // the SLIs are recorded by Prometheus whichever engine alerts
    const alerting = prometheusRuleObject(this.rules, { name: `${service}-red`, namespace, labels: { team } });
    const prometheusRule = { ...alerting, spec: { groups: [...alerting.spec.groups, ...this.slos.flatMap((slo) => slo.prometheus.rules.groups)] } };
    if (prometheusRule.spec.groups.length) {
      this.prometheusRule = prometheusRule;
      new Manifest(this, "prometheus-rule", { manifest: escapeTerraformTemplatesDeep(prometheusRule) });
    }
    // routing: one place per engine
    if (alerts.engine === "grafana") {
      const contactPoint = teamContactPoint(this, team, namespace, this.contactPoint);
      const ruleGroup = (id: string, group: GrafanaRuleGroup) =>
        new RuleGroup(this, id, {
          ...escapeTerraformTemplatesDeep(group),
          folderUid: this.folderUid,
          disableProvenance: false,
          // the first alerts already find their contact point
          dependsOn: [contactPoint],
        });
      const [group] = reportedWithin(where, () => renderGrafanaRuleGroups(this.rules, { uidScope, contactPoint: this.contactPoint.name }));
      this.grafanaContactPoint = contactPoint;
      this.ruleGroup = ruleGroup("rule-group", group);
      for (const { slo, grafana } of this.slos) if (grafana) ruleGroup(`slo-${slo.spec.name}-rule-group`, grafana);
    } else {
      this.alertmanagerConfig = reportedWithin(where, () =>
        renderAlertmanagerConfigResource(this.contactPoint, { name: service, namespace, labels: { team }, match: { team, service } }),
      );
      new Manifest(this, "alertmanager-config", { manifest: escapeTerraformTemplatesDeep(this.alertmanagerConfig) });
    }
  }
}

/** What the construct fills into each SLO spec: a spec may leave it out, not contradict it. */
interface SloOwner {
  readonly service: string;
  readonly team: string;
  readonly namespace: string;
  readonly engine: string;
  readonly profile: string;
}

function checkSloAgrees(spec: SloSpecInput, owner: SloOwner, where: string, field: string): void {
  if (typeof spec !== "object" || spec === null) return; // the schema says what is wrong
  const indicator = spec.indicator as { profile?: unknown } | undefined;
  const given: Array<[string, unknown, string, string]> = [
    ["service", spec.service, "service", owner.service],
    ["team", spec.team, "team", owner.team],
    ["namespace", spec.namespace, "namespace", owner.namespace],
    ["engine", spec.engine, "alerts' engine", owner.engine],
    ["indicator.profile", typeof indicator === "object" && indicator !== null ? indicator.profile : undefined, "profile", owner.profile],
  ];
  for (const [key, value, what, own] of given) {
    check(value === undefined || value === own, where, `${field}.${key}`, `${JSON.stringify(value)} contradicts the ${what} "${own}" of the construct (leave it out: the construct fills it in)`);
  }
}

function pick(props: object, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(props).filter(([key]) => keys.includes(key)));
}

/** What a team has once per stack, whichever of its services asks first. */
class TeamResources extends Construct {
  folder?: GrafanaFolder;
  /** Names of the team's SLOs in the stack. */
  readonly sloNames = new Set<string>();
  contactPoint?: { readonly config: ContactPoint; readonly resource: GrafanaContactPointResource };
}

function teamResources(scope: Construct, team: string): TeamResources {
  const stack = TerraformStack.of(scope);
  const id = `team-${team}`;
  return (stack.node.tryFindChild(id) as TeamResources | undefined) ?? new TeamResources(stack, id);
}

/** The team's folder under the platform's Services folder, titled after the team. */
function teamFolder(scope: Construct, team: string, platform: PlatformHandle): GrafanaFolder {
  const resources = teamResources(scope, team);
  resources.folder ??= new GrafanaFolder(resources, "folder", { title: team, uid: stableUid("team", team), parentFolderUid: platform.folderUids.services });
  return resources.folder;
}

/** The team's Grafana contact point, once per stack; every service of the team must give the same one. */
function teamContactPoint(scope: Construct, team: string, namespace: string, contactPoint: ContactPoint): GrafanaContactPointResource {
  const resources = teamResources(scope, team);
  if (resources.contactPoint) {
    if (JSON.stringify(resources.contactPoint.config) !== JSON.stringify(contactPoint)) {
      throw new ConfigError(scope.node.path, [{ field: "contactPoint", problem: `differs from team "${team}"'s contact point "${resources.contactPoint.config.name}" given by another service in this stack` }]);
    }
    return resources.contactPoint.resource;
  }
  const { contactPoints } = addGrafanaContactPoints(resources, [contactPoint], { secretsNamespace: namespace, disableProvenance: false });
  resources.contactPoint = { config: contactPoint, resource: contactPoints[contactPoint.name] };
  return resources.contactPoint.resource;
}
