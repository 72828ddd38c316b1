import { ConfigError } from "../config/config-error";
import { AlertingModel } from "./alerting-model";
import { isKubernetesSecret } from "./secret-reference";

/** Grafana's SMTP server (grafana.ini `[smtp]`), the password from a Secret key. */
export interface GrafanaSmtp {
  readonly host: string;
  readonly from: string;
  readonly user?: string;
  readonly password?: { readonly name: string; readonly key: string };
  readonly requireTls: boolean;
}

/**
 * Grafana sends e-mail through one SMTP server of its own, not per contact point: the one
 * the model's e-mail contact points name (they must agree). Credentials must already be
 * Secret references (see `withVariablesFromSecret`). Undefined when no contact point
 * sends e-mail.
 */
export function grafanaSmtp(model: AlertingModel): GrafanaSmtp | undefined {
  const servers = model.contactPoints.flatMap((cp) => (cp.type === "email" && cp.smtp ? [{ name: cp.name, smtp: cp.smtp }] : []));
  if (servers.length === 0) return undefined;
  const [{ smtp }] = servers;
  const key = (s: typeof smtp) => JSON.stringify([s.smarthost, s.from, s.username, s.password, s.requireTls]);
  const other = servers.find((server) => key(server.smtp) !== key(smtp));
  if (other) {
    throw new ConfigError("alerting", [
      { field: `contact point "${other.name}".smtp`, problem: `differs from "${servers[0].name}": Grafana sends all e-mail through one SMTP server` },
    ]);
  }
  if (smtp.password && !isKubernetesSecret(smtp.password)) {
    throw new ConfigError("alerting", [{ field: `contact point "${servers[0].name}".smtp.password`, problem: "must be stored in a Secret for Grafana" }]);
  }
  return {
    host: smtp.smarthost,
    from: smtp.from,
    ...(smtp.username ? { user: smtp.username } : {}),
    ...(smtp.password ? { password: smtp.password.secret } : {}),
    requireTls: smtp.requireTls,
  };
}
