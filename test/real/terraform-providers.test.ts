import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer, Server } from "node:http";
import { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PlatformHandle, ServiceObservability } from "../../constructs";
import { AlertingInput } from "../../src/alerting/alerting-model";
import { dev } from "../../stacks/environments/dev";
import { EXAMPLE_STACK, synthExample } from "../helpers/example-app";
import { withLocalState } from "../helpers/local-state";
import { describeWithBuiltTools } from "../helpers/real-programs";
import { describeWithShared } from "../helpers/shared-dir";
import { describeSkipped } from "../helpers/skipped-block";
import { readStack, STACK_NAMES, synthToTempDir, TerraformJson } from "../helpers/synth";
import {
  isBuilt,
  outcome,
  PINNED_PROVIDERS,
  providerBinary,
  stubMirror,
  TERRAFORM,
  terraform,
  terraformAsync,
  UNBUILDABLE_PROVIDERS,
  validateStack,
  writeProviderCliConfig,
} from "../helpers/terraform-providers";

/** Values an operator sets for the stacks' sensitive variables (TF_VAR_…); any value does for validate and plan. */
const CREDENTIALS = {
  pagerduty_routing_key: "planted-routing-key",
  slack_webhook_url: "https://hooks.slack.com/services/T0PLANTED/B0PLANTED/planted",
  smtp_password: "planted-smtp-password",
};

/**
 * The providers that must be built: none of them is served by the Go module proxy, so only
 * where their git clones are given (OBSERVABILITY_PROVIDER_SOURCES) and never grafana. The
 * others are real where built, the schema stub of ../shared where not.
 */
const REQUIRED = process.env.OBSERVABILITY_PROVIDER_SOURCES
  ? PINNED_PROVIDERS.filter((provider) => !UNBUILDABLE_PROVIDERS.includes(provider.type))
  : [];
const STUBBED = PINNED_PROVIDERS.filter((provider) => !isBuilt(provider)).map((provider) => provider.type);
const judges = PINNED_PROVIDERS.map((provider) => `${provider.type}${STUBBED.includes(provider.type) ? " (schema stub: not built)" : ""}`).join(", ");
const describeWithStubs = STUBBED.length ? describeWithShared : describe;

/** A test that needs the provider's own code (its validators or API calls), skipped while its schema stub stands in. */
function withRealProvider(type: string, name: string, test: () => void): void {
  if (STUBBED.includes(type)) describeSkipped(name, `the real ${type} provider is not built (scripts/tools/build-terraform-provider-${type}.sh)`);
  else it(name, test);
}

describeWithBuiltTools([TERRAFORM, ...REQUIRED.map(providerBinary)], "the real Terraform providers judge every stack", () =>
  describeWithStubs(`providers: ${judges}`, () => {
    const scratch = mkdtempSync(join(tmpdir(), "tf-real-providers-"));
    const outdir = synthToTempDir();
    const cliConfig = writeProviderCliConfig(scratch, STUBBED.length ? stubMirror(outdir, join(scratch, "stubs")) : undefined);
    const stacks: Record<string, TerraformJson> = Object.fromEntries(STACK_NAMES.map((name) => [name, readStack(outdir, name)]));

    /** A stack JSON written as a stack directory of its own under the scratch dir. */
    function writeStack(folder: string, stack: TerraformJson): string {
      const dir = join(scratch, folder);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify(stack, null, 2));
      return dir;
    }

    describe("terraform validate (the providers' own validators run)", () => {
      const work = join(scratch, "validate");

      it.each(STACK_NAMES)("%s is valid", (name) => {
        expect(validateStack(name, join(outdir, "stacks", name), work, cliConfig)).toEqual([]);
      });

      it("dev-grafana with every PromQL alert on Grafana, the SLOs' burn-rate rules among them, is valid", () => {
        const alerting = { ...(dev.alerting as AlertingInput), defaultEngine: "grafana" as const };
        const grafanaEngine = synthToTempDir([{ ...dev, alerting }]);
        expect(Object.keys(readStack(grafanaEngine, "dev-grafana").resource!.grafana_rule_group).filter((id) => id.includes("slo-api"))).toHaveLength(2);
        expect(validateStack("dev-grafana", join(grafanaEngine, "stacks", "dev-grafana"), work, cliConfig)).toEqual([]);
      });

      it("the example app's stack (examples/onboard-app.ts) is valid", () => {
        expect(validateStack(EXAMPLE_STACK, join(synthExample(), "stacks", EXAMPLE_STACK), work, cliConfig)).toEqual([]);
      });

      it("a team stack with Grafana-managed rules routed by notification_settings is valid", () => {
        const outdir = synthExample((stack) =>
          new ServiceObservability(stack, "checkout", {
            platform: PlatformHandle.fromRemoteState(stack, { environment: "prod", backend: { type: "local" } }),
            service: "checkout", namespace: "shop", team: "shop",
            selector: { matchLabels: { app: "checkout" } },
            port: "http", profile: "starlette-prometheus",
            contactPoint: { type: "slack", webhookUrl: { variable: "shop_slack_url" } },
            alerts: { engine: "grafana" },
          }),
        );
        expect(validateStack(EXAMPLE_STACK, join(outdir, "stacks", EXAMPLE_STACK), work, cliConfig)).toEqual([]);
      });
    });

    describe("planted defects that only the providers' validators catch", () => {
      const work = join(scratch, "planted");

      withRealProvider("grafana", "grafana refuses a data source whose json_data_encoded holds httpHeaderName1", () => {
        const stack = structuredClone(stacks["prod-grafana"]);
        const [loki] = Object.values(stack.resource!.grafana_data_source).filter((source) => source.type === "loki");
        loki.json_data_encoded = JSON.stringify({ ...JSON.parse(loki.json_data_encoded as string), httpHeaderName1: "X-Scope-OrgID" });
        const errors = validateStack("prod-grafana", writeStack("planted-grafana", stack), work, cliConfig);
        expect(errors).toEqual([expect.stringMatching(/^prod-grafana: .*httpHeaderName\{num\} is a reserved key/)]);
      });

      withRealProvider("helm", "helm refuses a release name longer than the 53 characters Helm allows", () => {
        const stack = structuredClone(stacks["prod-platform"]);
        const [release] = Object.values(stack.resource!.helm_release);
        release.name = `${release.name}-${"x".repeat(53)}`;
        const errors = validateStack("prod-platform", writeStack("planted-helm", stack), work, cliConfig);
        expect(errors).toEqual([expect.stringMatching(/^prod-platform: .*length must be between 1 and 53/)]);
      });

      withRealProvider("kubernetes", "kubernetes refuses a namespace name that is no lowercase RFC 1123 name", () => {
        const stack = structuredClone(stacks["prod-platform"]);
        const [namespace] = Object.values(stack.resource!.kubernetes_namespace_v1) as { metadata: { name: string } }[];
        namespace.metadata.name = "Monitoring_Prod";
        const errors = validateStack("prod-platform", writeStack("planted-kubernetes", stack), work, cliConfig);
        expect(errors).toEqual([expect.stringMatching(/^prod-platform: .*metadata\.0\.name a lowercase RFC 1123 subdomain must consist of lower case/)]);
      });
    });

    describe("terraform plan of a fresh state (no Grafana server)", () => {
      /** Every request a provider sends to the Grafana URL, as `METHOD path`; none is answered with success. */
      const grafanaCalls: string[] = [];
      let grafana: Server;
      let grafanaUrl: string;

      beforeAll(async () => {
        grafana = createServer((request, response) => {
          grafanaCalls.push(`${request.method} ${request.url}`);
          response.writeHead(503).end();
        });
        await new Promise<void>((listening) => grafana.listen(0, "127.0.0.1", listening));
        grafanaUrl = `http://127.0.0.1:${(grafana.address() as AddressInfo).port}`;
      });
      afterAll(() => new Promise((closed) => grafana.close(closed)));

      it.each(["dev", "staging", "prod"])(
        `%s-grafana plans every resource as a create, reading the password the random provider generated for the platform${
          STUBBED.includes("grafana") ? " (grafana: schema stub)" : ", and calls no Grafana API"
        }`,
        async (env) => {
          const state = join(scratch, "state", env);
          // the platform stack's password comes from the real random provider; its other resources need a cluster
          const platform = writeStack(`plan/${env}-platform`, withLocalState(`${env}-platform`, stacks, state));
          const [password] = Object.keys(stacks[`${env}-platform`].resource!.random_password);
          const platformInit = terraform(platform, ["init", "-input=false", "-no-color"], cliConfig);
          expect(`${env}-platform init: ${outcome(platformInit)}`).toBe(`${env}-platform init: ok`);
          const apply = terraform(
            platform,
            ["apply", "-input=false", "-no-color", "-auto-approve", `-target=random_password.${password}`],
            cliConfig,
            CREDENTIALS
          );
          expect(`${env}-platform apply: ${outcome(apply)}`).toBe(`${env}-platform apply: ok`);

          const stack = withLocalState(`${env}-grafana`, stacks, state);
          stack.provider!.grafana[0].url = grafanaUrl;
          const dir = writeStack(`plan/${env}-grafana`, stack);
          const init = await terraformAsync(dir, ["init", "-input=false", "-no-color"], cliConfig);
          expect(`${env}-grafana init: ${outcome(init)}`).toBe(`${env}-grafana init: ok`);
          const callsBefore = grafanaCalls.length;
          const plan = await terraformAsync(dir, ["plan", "-input=false", "-no-color"], cliConfig, CREDENTIALS);
          expect(`${env}-grafana plan: ${outcome(plan)}`).toBe(`${env}-grafana plan: ok`);
          const resources = Object.values(stack.resource!).reduce((count, byId) => count + Object.keys(byId).length, 0);
          expect(plan.output).toContain(`Plan: ${resources} to add, 0 to change, 0 to destroy.`);
          expect(grafanaCalls.slice(callsBefore)).toEqual([]);
        },
        300_000
      );
    });
  })
);
