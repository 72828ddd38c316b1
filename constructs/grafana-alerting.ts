import { Construct } from "constructs";
import { ITerraformDependable, TerraformVariable, Token } from "cdktf";
import { DataKubernetesSecretV1 } from "@cdktf/provider-kubernetes/lib/data-kubernetes-secret-v1";
import { ContactPoint } from "../.gen/providers/grafana/contact-point";
import { MessageTemplate } from "../.gen/providers/grafana/message-template";
import { MuteTiming } from "../.gen/providers/grafana/mute-timing";
import { NotificationPolicy } from "../.gen/providers/grafana/notification-policy";
import { RuleGroup } from "../.gen/providers/grafana/rule-group";
import { AlertingModel } from "../src/alerting/alerting-model";
import { renderGrafanaMuteTiming } from "../src/alerting/grafana-mute-timings";
import { renderGrafanaNotificationPolicy } from "../src/alerting/grafana-notification-policy";
import { evaluationIntervalProblem, GrafanaRuleGroup, renderGrafanaRuleGroups } from "../src/alerting/grafana-rule-groups";
import { dnsLabel } from "../src/config/common-schemas";
import { check, reportedWithin } from "../src/config/config-error";
import { GRAFANA_UID } from "../src/dashboards/normalize-dashboard";
import { escapeTerraformTemplatesDeep } from "../src/terraform/escape-templates";
import { addGrafanaContactPoints } from "./grafana-contact-points";

export interface GrafanaAlertingProps {
  /** The environment's alerting, validated (`buildAlertingModel`): the same model the Alertmanager side renders. */
  readonly model: AlertingModel;
  /** UID of the folder holding the rule groups: a plain UID or a reference such as `workspace.folder.uid`. */
  readonly folderUid: string;
  /**
   * Namespace of the Kubernetes Secrets that `{ secret: { name, key } }` credentials name (the
   * monitoring namespace); read with `data "kubernetes_secret_v1"`, so the stack needs a
   * configured kubernetes provider then. @default none (required when a contact point reads a Secret)
   */
  readonly secretsNamespace?: string;
  /** How often each rule group is evaluated, a multiple of 10s. @default "1m" */
  readonly evaluationInterval?: string;
  /**
   * Let people edit these objects in Grafana's UI (`disable_provenance`). Off, Grafana shows
   * them to everyone as provisioned and read-only, so the code stays the source of truth and
   * plans show no drift from hand edits. @default false
   */
  readonly editableInGrafana?: boolean;
  /**
   * Rule groups rendered elsewhere, beside the model's, e.g. the Grafana-managed SLO
   * burn-rate alerts of `buildSloRules`; their names must differ from the model's groups. @default []
   */
  readonly ruleGroups?: readonly GrafanaRuleGroup[];
  /** What the rule groups need first, e.g. the Prometheus and Loki datasources. @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Grafana-managed alerting for one environment, from the engine-independent model: a rule
 * group per group of Grafana-evaluated rules (every LogQL rule, PromQL rules with `engine:
 * "grafana"`), a contact point per contact point, the notification policy tree, mute timings
 * and message templates (the built-in one included). Credentials are sensitive Terraform
 * variables (`TF_VAR_<name>`, one per name, shared by the contact points that use it) or keys
 * of existing Kubernetes Secrets read at plan time; never literals. Needs a configured
 * `grafana` provider, and a `kubernetes` provider when a credential is a Secret. E-mail goes
 * through Grafana's own SMTP settings (grafana.ini), so contact points' `smtp` is ignored here.
 */
export class GrafanaAlerting extends Construct {
  /** Rule groups by group name (only groups holding Grafana-evaluated rules). */
  readonly ruleGroups: Readonly<Record<string, RuleGroup>>;
  readonly contactPoints: Readonly<Record<string, ContactPoint>>;
  readonly notificationPolicy: NotificationPolicy;
  readonly muteTimings: Readonly<Record<string, MuteTiming>>;
  readonly messageTemplates: Readonly<Record<string, MessageTemplate>>;
  /** The sensitive variables credentials come from, by name: set `TF_VAR_<name>`. */
  readonly variables: Readonly<Record<string, TerraformVariable>>;
  /** The Kubernetes Secrets credentials are read from, by Secret name. */
  readonly secrets: Readonly<Record<string, DataKubernetesSecretV1>>;

  constructor(scope: Construct, id: string, props: GrafanaAlertingProps) {
    super(scope, id);
    const where = this.node.path;
    const { model } = props;
    check(Token.isUnresolved(props.folderUid) || GRAFANA_UID.test(props.folderUid), where, "folderUid", "must be a folder UID (1 to 40 letters, digits, '-' or '_') or a reference");
    const interval = props.evaluationInterval ?? "1m";
    const intervalProblem = evaluationIntervalProblem(interval);
    check(intervalProblem === undefined, where, "evaluationInterval", intervalProblem ?? "");
    const namespace = props.secretsNamespace;
    check(namespace === undefined || dnsLabel.safeParse(namespace).success, where, "secretsNamespace", "must be a namespace name (DNS label)");
    const disableProvenance = props.editableInGrafana ?? false;

    this.messageTemplates = Object.fromEntries(
      model.templates.map((template) => [
        template.name,
        new MessageTemplate(this, `message-template-${template.name}`, escapeTerraformTemplatesDeep({ name: template.name, template: template.content, disableProvenance })),
      ]),
    );
    this.muteTimings = Object.fromEntries(
      model.muteTimings.map((timing) => [timing.name, new MuteTiming(this, `mute-timing-${timing.name}`, { ...escapeTerraformTemplatesDeep(renderGrafanaMuteTiming(timing)), disableProvenance })]),
    );
    // titles and texts refer to the templates by name
    ({ contactPoints: this.contactPoints, variables: this.variables, secrets: this.secrets } = addGrafanaContactPoints(this, model.contactPoints, {
      secretsNamespace: namespace,
      disableProvenance,
      dependsOn: Object.values(this.messageTemplates),
    }));
    // routes refer to contact points and mute timings by name
    this.notificationPolicy = new NotificationPolicy(this, "notification-policy", {
      ...escapeTerraformTemplatesDeep(reportedWithin(where, () => renderGrafanaNotificationPolicy(model.policy))),
      disableProvenance,
      dependsOn: [...Object.values(this.contactPoints), ...Object.values(this.muteTimings)],
    });
    const groups = [...reportedWithin(where, () => renderGrafanaRuleGroups(model.rules, { evaluationInterval: interval })), ...(props.ruleGroups ?? [])];
    const names = groups.map((group) => group.name);
    const twice = names.filter((name, i) => names.indexOf(name) < i);
    check(twice.length === 0, where, "ruleGroups", `rule group(s) ${twice.map((n) => `"${n}"`).join(", ")} defined twice (the model has groups of these names)`);
    this.ruleGroups = Object.fromEntries(
      groups.map((group) => [
        group.name,
        new RuleGroup(this, `rule-group-${group.name}`, {
          ...escapeTerraformTemplatesDeep(group),
          folderUid: props.folderUid,
          disableProvenance,
          // the first alerts already find their route
          dependsOn: [...(props.dependsOn ?? []), this.notificationPolicy],
        }),
      ]),
    );
  }
}
