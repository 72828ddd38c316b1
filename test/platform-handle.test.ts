import { App, TerraformOutput, TerraformStack, Testing } from "cdktf";
import { PlatformHandle } from "../constructs";
import { configureBackend } from "../constructs/terraform-backend";
import { PLATFORM_OUTPUTS } from "../src/platform/platform-values";
import { dev } from "../stacks/environments/dev";
import { configErrorOf } from "./helpers/config-error";
import { PLATFORM_VALUES } from "./helpers/platform-values";
import { readStack, synthToTempDir } from "./helpers/synth";


describe("the platform's outputs", () => {
  const outdir = synthToTempDir([dev]);
  const grafana = readStack(outdir, "dev-grafana");

  it("publish every value of the handle from the grafana stack, under the names the handle reads", () => {
    expect(Object.keys(grafana.output ?? {}).sort()).toEqual(Object.values(PLATFORM_OUTPUTS).map((o) => o.name).sort());
  });

  it("say where apps send telemetry and what the environment charts, with no secret among them", () => {
    const value = (name: string) => grafana.output![name].value;
    expect(value("namespace")).toBe("monitoring");
    expect(value("otlp_grpc_endpoint")).toMatch(/^opentelemetry-collector\.monitoring\.svc:4317$/);
    expect(value("red_profiles")).toEqual(["starlette-prometheus", "otel-http"]);
    expect(value("grafana_url")).toBe("http://localhost:3000");
    // the folders are references: an app finds them once they exist
    expect(value("folder_uids")).toEqual({ root: expect.stringMatching(/^\$\{grafana_folder\./), services: expect.stringMatching(/^\$\{grafana_folder\./) });
    const outputs = JSON.stringify(grafana.output);
    expect(outputs).not.toMatch(/password|random_password|kubernetes_secret|var\./);
    expect(Object.values(grafana.output!).some((o) => o.sensitive)).toBe(false);
  });
});

describe("PlatformHandle.fromValues", () => {
  it("gives the values, typed", () => {
    const handle = PlatformHandle.fromValues(PLATFORM_VALUES);
    expect(handle.namespace).toBe("monitoring");
    expect(handle.datasourceUids.prometheus).toBe("prometheus");
    expect(handle.known).toBe(true);
  });

  it("refuses a bad value naming the field", () => {
    expect(configErrorOf(() => PlatformHandle.fromValues({ ...PLATFORM_VALUES, otlpHttpEndpoint: "collector:4318" })).message).toMatch(/otlpHttpEndpoint/);
    expect(configErrorOf(() => PlatformHandle.fromValues({ ...PLATFORM_VALUES, folderUids: { root: "a b", services: "s" } })).message).toMatch(/folderUids\.root/);
    expect(configErrorOf(() => PlatformHandle.fromValues({ ...PLATFORM_VALUES, redProfiles: ["nope" as never] })).message).toMatch(/redProfiles/);
  });
});

describe("PlatformHandle.fromRemoteState", () => {
  const backends = [
    { type: "local", directory: "state" },
    { type: "s3", bucket: "acme-tf", region: "eu-west-1", keyPrefix: "obs" },
    { type: "gcs", bucket: "acme-tf", prefix: "obs" },
    { type: "azurerm", resourceGroupName: "rg", storageAccountName: "acmetf", containerName: "tfstate", keyPrefix: "obs" },
    { type: "remote", organization: "acme", workspacePrefix: "obs-" },
  ] as const;

  it.each(backends)("reads the state the grafana stack writes ($type backend)", (backend) => {
    const team = new TerraformStack(Testing.app(), "team");
    const handle = PlatformHandle.fromRemoteState(team, { environment: "prod", backend });
    const data = JSON.parse(Testing.synth(team)).data.terraform_remote_state;
    const [state] = Object.values(data) as Array<{ backend: string; config: Record<string, unknown> }>;
    // the platform's own backend block of prod-grafana
    const platform = new TerraformStack(Testing.app(), "prod-grafana");
    configureBackend(platform, "prod-grafana", { keyPrefix: "cdktf-observability", useLockfile: true, hostname: "app.terraform.io", ...backend } as never);
    const written = JSON.parse(Testing.synth(platform)).terraform.backend[backend.type];
    expect(state.backend).toBe(backend.type);
    expect(state.config).toEqual(written);
    expect(handle.known).toBe(false);
  });

  it("gives every value as a reference to the platform's outputs", () => {
    const team = new TerraformStack(Testing.app(), "team");
    const handle = PlatformHandle.fromRemoteState(team, { environment: "prod", backend: { type: "local" } });
    const resolved = (value: unknown) => {
      new TerraformOutput(team, "probe", { value }).overrideLogicalId("probe");
      const { output } = JSON.parse(Testing.synth(team));
      team.node.tryRemoveChild("probe");
      return output.probe.value;
    };
    expect(resolved(handle.namespace)).toBe("${data.terraform_remote_state.platform.outputs.namespace}");
    expect(resolved(handle.datasourceUids.loki)).toBe("${data.terraform_remote_state.platform.outputs.datasource_uids.loki}");
    expect(resolved(handle.redProfiles)).toBe("${data.terraform_remote_state.platform.outputs.red_profiles}");
  });

  it("refuses a bad backend or environment naming the field", () => {
    const team = new TerraformStack(new App(), "team");
    expect(configErrorOf(() => PlatformHandle.fromRemoteState(team, { environment: "Prod!", backend: { type: "local" } })).message).toMatch(/^team\/platform: environment/);
    expect(configErrorOf(() => PlatformHandle.fromRemoteState(team, { environment: "prod", backend: { type: "s3", bucket: "B", region: "eu-west-1" } })).message).toMatch(/backend\.bucket/);
  });
});
