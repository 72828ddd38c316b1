/**
 * The app `npm run bench` measures growth with: `BENCH_GROWTH=<dimension>:<count>` builds the
 * shipped app grown by `count` units of one dimension, then synthesizes it like stacks/main.ts.
 * A dimension is a function of the count returning the built (not yet synthesized) app.
 */
import { App, TerraformStack } from "cdktf";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { GrafanaProvider } from "../.gen/providers/grafana/provider";
import { PlatformHandle, ServiceObservability } from "../constructs";
import { buildApp } from "../stacks/app";
import { environments } from "../stacks/environments";
import { dev } from "../stacks/environments/dev";

/** Teams the onboarded services are spread over (a team's folder and contact point are shared). */
const TEAMS = 10;

/**
 * The shipped app and a team repo's stack beside it, onboarding `count` services against
 * dev's platform state, half on the Prometheus engine, half on Grafana's; `withSlo` gives
 * each an availability SLO, as the README's onboarding example.
 */
function withServices(count: number, withSlo: boolean): App {
  const app = buildApp(environments);
  const stack = new TerraformStack(app, "services");
  new KubernetesProvider(stack, "kubernetes", { configPath: "~/.kube/config" });
  new GrafanaProvider(stack, "grafana", { url: "https://grafana.example.com" });
  const platform = PlatformHandle.fromRemoteState(stack, { environment: dev.name, backend: dev.backend });
  for (let i = 0; i < count; i++) {
    const [service, team] = [`service-${i}`, `team-${i % TEAMS}`];
    new ServiceObservability(stack, service, {
      platform,
      service,
      namespace: team,
      team,
      selector: { matchLabels: { "app.kubernetes.io/name": service } },
      port: "http",
      profile: "starlette-prometheus",
      contactPoint: { type: "slack", webhookUrl: { secret: { name: `${team}-alerting`, key: "slack-url" } } },
      alerts: { engine: i % 2 ? "grafana" : "prometheus" },
      slo: withSlo ? { name: `${service}-availability`, objective: 99.9, indicator: { type: "availability" } } : undefined,
    });
  }
  return app;
}

const GROWTH: Record<string, (count: number) => App> = {
  /** Copies of the dev environment (`dev1`, `dev2`…): a platform and a grafana stack each. */
  environments: (count) => buildApp([...environments, ...Array.from({ length: count }, (_, i) => ({ ...dev, name: `dev${i + 1}` }))]),
  /** Services onboarded through ServiceObservability (metrics, RED dashboard and alerts, routing), in one more stack. */
  services: (count) => withServices(count, false),
  /** The same, each service with an SLO (recording rules, burn-rate alerts, an error-budget dashboard). */
  "services-with-slo": (count) => withServices(count, true),
};

const [dimension, count] = (process.env.BENCH_GROWTH ?? "").split(":");
if (!GROWTH[dimension] || !/^\d+$/.test(count)) throw new Error(`BENCH_GROWTH must be <dimension>:<count>, dimension one of ${Object.keys(GROWTH).join(", ")}`);
GROWTH[dimension](Number(count)).synth();
