import { Construct } from "constructs";
import { LimitRangeV1 } from "@cdktf/provider-kubernetes/lib/limit-range-v1";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { NetworkPolicyV1, NetworkPolicyV1Spec, NetworkPolicyV1SpecIngressFrom } from "@cdktf/provider-kubernetes/lib/network-policy-v1";
import { ResourceQuotaV1 } from "@cdktf/provider-kubernetes/lib/resource-quota-v1";
import { NamespaceConfig, NamespaceProps, namespaceSchema } from "../src/config/namespace-schema";
import { parseConfig } from "../src/config/parse-config";

export type MonitoringNamespaceProps = NamespaceProps;

/** A port a NetworkPolicy opens. */
export interface IngressPort {
  /** Port number or named container port. */
  readonly port: number | string;
  /** @default "TCP" */
  readonly protocol?: "TCP" | "UDP" | "SCTP";
}

/** Who may connect to which pods of the monitoring namespace. */
export interface IngressRule {
  /** Pods of the monitoring namespace the rule opens, by labels. @default all pods */
  readonly podSelector?: Record<string, string>;
  /** Namespaces (by name) allowed in. @default none */
  readonly fromNamespaces?: readonly string[];
  /** Pods allowed in, by labels, in `fromNamespaces` or, without it, in any namespace. @default none */
  readonly fromPods?: Record<string, string>;
  /** IP blocks (CIDR) allowed in, e.g. the API server calling an admission webhook. @default none */
  readonly fromCidrs?: readonly string[];
  /** Ports opened. @default every port */
  readonly ports?: readonly IngressPort[];
}

const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

/**
 * The namespace every platform component runs in: Pod Security Standards labels, an
 * optional ResourceQuota and LimitRange, and NetworkPolicies that deny ingress by default,
 * allow traffic within the namespace and from the namespaces the config names. Components
 * that must be reached from elsewhere open exactly that with {@link allowIngress}.
 */
export class MonitoringNamespace extends Construct {
  /**
   * The namespace name as a plain string: safe to build service URLs from, also in other
   * stacks. Resources placed in the namespace depend on {@link resource} for ordering.
   */
  readonly name: string;
  /** The namespace resource: what releases in it depend on. */
  readonly resource: NamespaceV1;
  readonly config: NamespaceConfig;
  private readonly reference: string;

  constructor(scope: Construct, id: string, props: MonitoringNamespaceProps = {}) {
    super(scope, id);
    this.config = parseConfig(namespaceSchema, props, this.node.path);
    const { podSecurity } = this.config;

    this.resource = new NamespaceV1(this, "namespace", {
      metadata: {
        name: this.config.name,
        labels: {
          ...this.config.labels,
          "app.kubernetes.io/managed-by": "cdktf-observability",
          "pod-security.kubernetes.io/enforce": podSecurity.enforce,
          "pod-security.kubernetes.io/enforce-version": "latest",
          "pod-security.kubernetes.io/audit": podSecurity.audit,
          "pod-security.kubernetes.io/audit-version": "latest",
          "pod-security.kubernetes.io/warn": podSecurity.warn,
          "pod-security.kubernetes.io/warn-version": "latest",
        },
      },
    });
    this.name = this.config.name;
    this.reference = this.resource.metadata.name;

    this.policy("default-deny-ingress", { podSelector: {}, policyTypes: ["Ingress"] });
    this.policy("allow-same-namespace", {
      podSelector: {},
      policyTypes: ["Ingress"],
      ingress: [{ from: [{ podSelector: {} }] }],
    });
    if (this.config.allowIngressFromNamespaces.length > 0) {
      this.allowIngress("allow-from-namespaces", { fromNamespaces: this.config.allowIngressFromNamespaces });
    }
    this.addQuota();
    this.addLimitRange();
  }

  /** Adds a NetworkPolicy named `id` that lets the rule's sources reach the selected pods. */
  allowIngress(id: string, rule: IngressRule): NetworkPolicyV1 {
    const from: NetworkPolicyV1SpecIngressFrom[] = [];
    const podSelector = rule.fromPods ? { matchLabels: { ...rule.fromPods } } : undefined;
    if (rule.fromNamespaces?.length) {
      from.push(
        ...rule.fromNamespaces.map((ns) => ({
          namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: ns } },
          podSelector,
        })),
      );
    } else if (podSelector) {
      from.push({ namespaceSelector: {}, podSelector });
    }
    from.push(...(rule.fromCidrs ?? []).map((cidr) => ({ ipBlock: { cidr } })));
    if (from.length === 0) {
      throw new Error(`${this.node.path}: allowIngress("${id}"): give fromNamespaces, fromPods or fromCidrs`);
    }
    return this.policy(id, {
      podSelector: rule.podSelector ? { matchLabels: { ...rule.podSelector } } : {},
      policyTypes: ["Ingress"],
      ingress: [{ from, ports: rule.ports?.map((p) => ({ port: String(p.port), protocol: p.protocol ?? "TCP" })) }],
    });
  }

  private policy(name: string, spec: NetworkPolicyV1Spec) {
    return new NetworkPolicyV1(this, name, { metadata: { name, namespace: this.reference }, spec });
  }

  private addQuota() {
    const quota = this.config.quota;
    if (!quota) return;
    const hard: Record<string, string | undefined> = {
      "requests.cpu": quota.requestsCpu,
      "requests.memory": quota.requestsMemory,
      "limits.cpu": quota.limitsCpu,
      "limits.memory": quota.limitsMemory,
      "requests.storage": quota.requestsStorage,
      persistentvolumeclaims: quota.persistentVolumeClaims?.toString(),
      pods: quota.pods?.toString(),
    };
    new ResourceQuotaV1(this, "quota", {
      metadata: { name: "monitoring-quota", namespace: this.reference },
      spec: { hard: Object.fromEntries(Object.entries(hard).filter((e): e is [string, string] => e[1] !== undefined)) },
    });
  }

  private addLimitRange() {
    const limits = this.config.limitRange;
    if (!limits) return;
    const defaultLimit = Object.fromEntries(Object.entries(limits.defaultLimit).filter(([, v]) => v !== undefined)) as Record<string, string>;
    new LimitRangeV1(this, "limit-range", {
      metadata: { name: "container-defaults", namespace: this.reference },
      spec: { limit: [{ type: "Container", defaultRequest: { ...limits.defaultRequest }, default: defaultLimit }] },
    });
  }
}
