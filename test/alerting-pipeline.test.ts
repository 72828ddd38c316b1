import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { Agent, createServer, request, Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { buildAlertingModel } from "../src/alerting/alerting-model";
import { renderAlertmanagerConfig } from "../src/alerting/alertmanager-config";
import { renderPrometheusRules } from "../src/alerting/prometheus-rules";
import { serviceAlertRules, serviceAlertsSchema } from "../src/alerting/service-alerts";
import { Notification, pagerDutyLabels, slackLabels, startReceiver } from "./helpers/alert-receiver";
import { freePort, listen, LoopbackProcesses, portOf, sleep, waitFor } from "./helpers/loopback";
import { starletteService } from "./helpers/starlette-metrics";
import { describeWithTools, findTool, toolVersion } from "./helpers/tools";

/**
 * The whole Prometheus-native path on loopback: FastAPI-like apps exposing
 * starlette-prometheus metrics → Prometheus evaluating the rendered rules → Alertmanager
 * with the rendered configuration → receivers standing in for Slack and PagerDuty. Short
 * windows and intervals keep it within seconds; every process is killed afterwards.
 */

const WAIT_FOR_ALERTS_MS = 30_000;
/** After the expected notifications, how long wrong ones (inhibited, healthy app) get to show up. */
const SETTLE_MS = 4_000;
const PLANTED_ROUTING_KEY = "planted-routing-key-7f3a9c";

/** A service answering `GET /`, every 20th request with a 500 when `failing`, and its RED metrics at /metrics. */
function startApp(failing: boolean): Promise<Server> {
  const server = createServer(starletteService(failing ? 20 : 0));
  return listen(server);
}

describeWithTools(["prometheus", "prometheus-alertmanager"], "alerting pipeline on loopback (Prometheus → Alertmanager → receivers)", () => {
  const processes = new LoopbackProcesses();
  const agent = new Agent({ keepAlive: true });
  let load: NodeJS.Timeout | undefined;
  let dir: string;

  async function stopAll(): Promise<void> {
    if (load) clearInterval(load);
    load = undefined;
    agent.destroy();
    await processes.stopAll();
  }

  afterAll(async () => {
    await stopAll();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("delivers the error-rate alert to the right receiver with the right labels, and nothing for a healthy service", async () => {
    try {
      dir = mkdtempSync(join(tmpdir(), "alerting-pipeline-"));
      const notifications: Notification[] = [];
      const receiver = processes.track(await startReceiver(notifications));
      // cart is not listed in the environment's catalog: its team onboarded it (ServiceObservability's rules)
      const apps = { checkout: await startApp(true), search: await startApp(true), catalog: await startApp(false), cart: await startApp(true) };
      Object.values(apps).forEach((app) => processes.track(app));
      // About 25 requests per second per service.
      load = setInterval(() => {
        for (const app of Object.values(apps)) {
          request({ host: "127.0.0.1", port: portOf(app), path: "/", agent }, (res) => res.resume()).on("error", () => undefined).end();
        }
      }, 40);

      const hook = (path: string) => `http://127.0.0.1:${portOf(receiver)}${path}`;
      const secret = (key: string) => ({ secret: { name: "alerting", key } });
      const model = buildAlertingModel({
        catalog: {
          runbookBaseUrl: "https://runbooks.example.com/alerts",
          rateWindow: "10s",
          // Both of checkout's thresholds sit below the smallest non-zero error ratio its traffic can show
          // (every 20th request fails), so its warning and critical fire together and the inhibition is
          // deterministic; the other services only warn.
          thresholds: { errorRate: { warning: 0.01, critical: null, for: "2s" } },
          services: { checkout: { team: "shop", errorRate: { critical: 0.02 } }, search: { team: "shop" }, catalog: { team: "shop" } },
        },
        contactPoints: [
          { name: "platform-slack", type: "slack", webhookUrl: secret("platform-slack-url") },
          { name: "shop-slack", type: "slack", webhookUrl: secret("shop-slack-url") },
          { name: "ciso-slack", type: "slack", webhookUrl: secret("ciso-slack-url") },
          { name: "oncall", type: "pagerduty", routingKey: secret("pagerduty-routing-key"), url: hook("/pagerduty") },
        ],
        policy: {
          contactPoint: "platform-slack",
          groupWait: "1s",
          groupInterval: "1s",
          repeatInterval: "1h",
          routes: [
            { category: "security", contactPoint: "ciso-slack" },
            { severity: "critical", contactPoint: "oncall" },
            { team: "shop", contactPoint: "shop-slack" },
          ],
        },
      });

      // Alertmanager reads the credentials from files, as from the mounted Secret in the cluster.
      const secrets = join(dir, "secrets");
      mkdirSync(join(secrets, "alerting"), { recursive: true });
      for (const [key, value] of Object.entries({
        "platform-slack-url": hook("/slack/platform"),
        "shop-slack-url": hook("/slack/shop"),
        "ciso-slack-url": hook("/slack/ciso"),
        "pagerduty-routing-key": PLANTED_ROUTING_KEY,
      })) {
        writeFileSync(join(secrets, "alerting", key), `${value}\n`);
      }
      const rendered = renderAlertmanagerConfig(model, {
        alertmanagerVersion: toolVersion("prometheus-alertmanager"),
        secretsDirectory: secrets,
        templatesDirectory: join(dir, "templates"),
      });
      expect(rendered.secrets).toEqual(["alerting"]);
      expect(JSON.stringify(rendered.config)).not.toContain(PLANTED_ROUTING_KEY);
      mkdirSync(join(dir, "templates"));
      for (const [file, content] of Object.entries(rendered.templateFiles)) writeFileSync(join(dir, "templates", file), content);
      writeFileSync(join(dir, "alertmanager.yml"), stringify(rendered.config));

      const alertmanagerPort = await freePort();
      const alertmanager = processes.start("alertmanager", findTool("prometheus-alertmanager")!, [
        `--config.file=${join(dir, "alertmanager.yml")}`,
        `--storage.path=${join(dir, "alertmanager-data")}`,
        `--web.listen-address=127.0.0.1:${alertmanagerPort}`,
        "--cluster.listen-address=",
        "--log.level=warn",
      ]);
      await processes.waitReady(alertmanager, `http://127.0.0.1:${alertmanagerPort}/-/ready`);

      const cart = { service: "cart", namespace: "shop", team: "shop", profile: "starlette-prometheus" } as const;
      const cartAlerts = serviceAlertsSchema.parse({ rateWindow: "10s", errorRate: { warning: 0.01, critical: null, for: "2s" } });
      const teamRules = serviceAlertRules(cart, cartAlerts, "https://grafana.example.com/d/cart", "cart");
      // One group, the team's rules first: evaluated in the same cycle, the team's alert reaches
      // Alertmanager just before the catch-all one (in a cluster, group_wait covers the gap).
      const rules = Object.values(renderPrometheusRules([...teamRules, ...model.rules], { interval: "1s" })).flatMap((entry) => entry.groups);
      writeFileSync(join(dir, "rules.yml"), stringify({ groups: [{ name: "all", interval: "1s", rules: rules.flatMap((group) => group.rules) }] }));
      writeFileSync(
        join(dir, "prometheus.yml"),
        stringify({
          global: { scrape_interval: "1s", evaluation_interval: "1s" },
          rule_files: [join(dir, "rules.yml")],
          alerting: { alertmanagers: [{ static_configs: [{ targets: [`127.0.0.1:${alertmanagerPort}`] }] }] },
          scrape_configs: Object.entries(apps).map(([job, app]) => ({ job_name: job, static_configs: [{ targets: [`127.0.0.1:${portOf(app)}`] }] })),
        }),
      );
      const prometheusPort = await freePort();
      const prometheus = processes.start("prometheus", findTool("prometheus")!, [
        `--config.file=${join(dir, "prometheus.yml")}`,
        `--storage.tsdb.path=${join(dir, "prometheus-data")}`,
        `--web.listen-address=127.0.0.1:${prometheusPort}`,
        "--log.level=warn",
      ]);
      await processes.waitReady(prometheus, `http://127.0.0.1:${prometheusPort}/-/ready`);

      const diagnostics = () => `notifications: ${JSON.stringify(notifications, null, 1)}\n${processes.diagnostics()}`;
      const paged = await waitFor("the critical alert at the paging receiver", WAIT_FOR_ALERTS_MS, () =>
        notifications.find((n) => n.path === "/pagerduty" && pagerDutyLabels(n.body.payload?.custom_details?.firing ?? "").job === "checkout"),
      ).catch((error: Error) => Promise.reject(new Error(`${error.message}\n${diagnostics()}`)));
      const posted = await waitFor("the warning at the team's Slack", WAIT_FOR_ALERTS_MS, () =>
        notifications.find((n) => n.path === "/slack/shop" && slackLabels(n.body.attachments?.[0]?.text ?? "").some((l) => l.job === "search")),
      ).catch((error: Error) => Promise.reject(new Error(`${error.message}\n${diagnostics()}`)));

      // checkout is over its critical threshold (2 %): it pages, with the routing key read from the Secret file.
      expect(paged.body.routing_key).toBe(PLANTED_ROUTING_KEY);
      expect(pagerDutyLabels(paged.body.payload.custom_details.firing)).toEqual({
        alertname: "ServiceErrorRateHigh",
        category: "availability",
        coverage: "owned",
        job: "checkout",
        service: "checkout",
        severity: "critical",
        team: "shop",
      });
      // search is only over its warning threshold: the team's channel, through the built-in template.
      expect(posted.body.attachments[0].title).toBe("[FIRING:1] ServiceErrorRateHigh (warning)");
      expect(slackLabels(posted.body.attachments[0].text)).toEqual([
        { alertname: "ServiceErrorRateHigh", category: "availability", coverage: "owned", job: "search", service: "search", severity: "warning", team: "shop" },
      ]);
      expect(posted.body.attachments[0].text).toContain("Runbook: https://runbooks.example.com/alerts/service-error-rate-high");

      await sleep(SETTLE_MS);
      const everyLabelSet = notifications.flatMap((n) =>
        n.path === "/pagerduty" ? [pagerDutyLabels(n.body.payload.custom_details.firing)] : slackLabels(n.body.attachments?.[0]?.text ?? ""),
      );
      // cart's own alert reaches its team; the catch-all one for cart fires too but is muted by it (no /slack/platform).
      expect(everyLabelSet.filter((labels) => labels.job === "cart")).toEqual([
        expect.objectContaining({ alertname: "ServiceErrorRateHigh", coverage: "owned", namespace: "shop", service: "cart", team: "shop" }),
      ]);
      const cartAlertsInAlertmanager = (await fetch(`http://127.0.0.1:${alertmanagerPort}/api/v2/alerts?filter=service%3D%22cart%22`).then((r) => r.json())) as any[];
      expect(cartAlertsInAlertmanager.map((a) => [a.labels.coverage, a.labels.team, a.status.state, a.status.inhibitedBy.length]).sort()).toEqual([
        ["catch-all", "platform", "suppressed", 1],
        ["owned", "shop", "active", 0],
      ]);
      // The healthy service raises nothing, checkout's warning is inhibited by its critical, nothing else reaches anyone.
      expect(everyLabelSet.filter((labels) => labels.job === "catalog")).toEqual([]);
      expect(everyLabelSet.filter((labels) => labels.job === "checkout" && labels.severity === "warning")).toEqual([]);
      expect([...new Set(notifications.map((n) => n.path))].sort()).toEqual(["/pagerduty", "/slack/shop"]);
      const active = await fetch(`http://127.0.0.1:${prometheusPort}/api/v1/alerts`).then((r) => r.json() as Promise<any>);
      expect(active.data.alerts.filter((alert: any) => alert.labels.job === "catalog")).toEqual([]);
    } finally {
      await stopAll();
    }
  }, 90_000);
});
