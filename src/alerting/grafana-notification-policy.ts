import { ConfigError } from "../config/config-error";
import { NotificationPolicy, Route, routeMatchers } from "./notification-policy";

/**
 * Levels of nested `policy` blocks the Grafana provider's schema has below the root; the
 * deepest level requires `group_by` and nests no further.
 */
export const GRAFANA_POLICY_DEPTH = 5;

/** A nested `policy` block of `grafana_notification_policy`. */
export interface GrafanaPolicy {
  readonly matcher: Array<{ label: string; match: string; value: string }>;
  readonly contactPoint?: string;
  readonly continue?: boolean;
  readonly groupBy?: string[];
  readonly groupWait?: string;
  readonly groupInterval?: string;
  readonly repeatInterval?: string;
  readonly muteTimings?: string[];
  readonly activeTimings?: string[];
  readonly policy?: GrafanaPolicy[];
}

/** The `grafana_notification_policy` (one per organization): the root and its routes. */
export interface GrafanaNotificationPolicy {
  readonly contactPoint: string;
  readonly groupBy: string[];
  readonly groupWait: string;
  readonly groupInterval: string;
  readonly repeatInterval: string;
  readonly policy: GrafanaPolicy[];
}

/**
 * The model's policy tree as Grafana's notification policy: the same routes in the same
 * order with the same matchers (severity, team, category shorthands first), `continue`,
 * grouping and timing overrides, mute and active timings, so Grafana-managed alerts reach the
 * same people as the Alertmanager-routed ones. Routes nest at most five levels deep.
 */
export function renderGrafanaNotificationPolicy(policy: NotificationPolicy): GrafanaNotificationPolicy {
  return {
    contactPoint: policy.contactPoint,
    groupBy: policy.groupBy,
    groupWait: policy.groupWait,
    groupInterval: policy.groupInterval,
    repeatInterval: policy.repeatInterval,
    policy: policy.routes.map((route, i) => renderRoute(route, `routes[${i}]`, 1, policy.groupBy)),
  };
}

function renderRoute(route: Route, path: string, depth: number, parentGroupBy: string[]): GrafanaPolicy {
  const children = route.routes ?? [];
  if (depth === GRAFANA_POLICY_DEPTH && children.length) {
    throw new ConfigError("notification policy", [
      { field: `${path}.routes`, problem: `Grafana nests notification policies at most ${GRAFANA_POLICY_DEPTH} levels deep: flatten these routes (matchers of a parent can move into its children)` },
    ]);
  }
  const groupBy = route.groupBy ?? parentGroupBy;
  return {
    matcher: routeMatchers(route).map((m) => ({ label: m.label, match: m.op, value: m.value })),
    ...(route.contactPoint ? { contactPoint: route.contactPoint } : {}),
    ...(route.continue ? { continue: true } : {}),
    // the deepest level must name its grouping: the one it inherits, which changes nothing
    ...(route.groupBy || depth === GRAFANA_POLICY_DEPTH ? { groupBy } : {}),
    ...(route.groupWait ? { groupWait: route.groupWait } : {}),
    ...(route.groupInterval ? { groupInterval: route.groupInterval } : {}),
    ...(route.repeatInterval ? { repeatInterval: route.repeatInterval } : {}),
    ...(route.muteTimings?.length ? { muteTimings: route.muteTimings } : {}),
    ...(route.activeTimings?.length ? { activeTimings: route.activeTimings } : {}),
    ...(children.length ? { policy: children.map((child, i) => renderRoute(child, `${path}.routes[${i}]`, depth + 1, groupBy)) } : {}),
  };
}
