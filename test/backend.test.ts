import { TerraformStack, Testing } from "cdktf";
import { configureBackend } from "../constructs/terraform-backend";

function backendOf(backend: Parameters<typeof configureBackend>[2]) {
  const stack = new TerraformStack(Testing.app(), "s");
  configureBackend(stack, "prod-platform", backend);
  return JSON.parse(Testing.synth(stack)).terraform.backend;
}

describe("configureBackend", () => {
  it("keeps local state relative to the project", () => {
    expect(backendOf({ type: "local", directory: "state" })).toEqual({ local: { path: "../../../state/terraform.prod-platform.tfstate" } });
  });
  it("gives every stack its own GCS prefix", () => {
    expect(backendOf({ type: "gcs", bucket: "b", prefix: "obs" })).toEqual({ gcs: { bucket: "b", prefix: "obs/prod-platform" } });
  });
  it("gives every stack its own azurerm blob", () => {
    expect(
      backendOf({ type: "azurerm", resourceGroupName: "rg", storageAccountName: "sa", containerName: "tf", keyPrefix: "obs" }).azurerm,
    ).toMatchObject({ key: "obs/prod-platform.tfstate", container_name: "tf" });
  });
  it("gives every stack its own remote workspace", () => {
    expect(backendOf({ type: "remote", hostname: "app.terraform.io", organization: "acme", workspacePrefix: "obs-" }).remote).toMatchObject({
      organization: "acme",
      workspaces: { name: "obs-prod-platform" },
    });
  });
  it("uses S3 native locking unless turned off", () => {
    const s3 = { type: "s3", bucket: "b", region: "eu-west-1", keyPrefix: "obs" } as const;
    expect(backendOf({ ...s3, useLockfile: true }).s3.use_lockfile).toBe(true);
    expect(backendOf({ ...s3, useLockfile: false, dynamodbTable: "locks" }).s3).toMatchObject({ dynamodb_table: "locks" });
    expect(backendOf({ ...s3, useLockfile: false }).s3.use_lockfile).toBeUndefined();
  });
});
