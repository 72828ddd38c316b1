import { AzurermBackend, GcsBackend, LocalBackend, RemoteBackend, S3Backend, S3BackendConfig, TerraformStack } from "cdktf";
import { Backend } from "../src/config/environment-schema";

/**
 * Gives `stack` its own state in the environment's backend. Local state paths are relative
 * (Terraform runs in `cdktf.out/stacks/<stack>`), so plans never carry a machine path.
 */
export function configureBackend(stack: TerraformStack, stackName: string, backend: Backend): void {
  switch (backend.type) {
    case "local":
      new LocalBackend(stack, { path: `../../../${backend.directory}/terraform.${stackName}.tfstate`.replace(/\/\.\//g, "/") });
      return;
    case "s3":
      new S3Backend(stack, {
        bucket: backend.bucket,
        region: backend.region,
        key: `${backend.keyPrefix}/${stackName}.tfstate`,
        encrypt: true,
        dynamodbTable: backend.dynamodbTable,
        kmsKeyId: backend.kmsKeyId,
        // cdktf 0.21 predates S3-native locking (Terraform ≥ 1.10) but passes every key through,
        // to the backend block and to the remote-state readers of other stacks alike.
        ...(backend.useLockfile ? { useLockfile: true } : {}),
      } as S3BackendConfig);
      return;
    case "gcs":
      new GcsBackend(stack, { bucket: backend.bucket, prefix: `${backend.prefix}/${stackName}` });
      return;
    case "azurerm":
      new AzurermBackend(stack, {
        resourceGroupName: backend.resourceGroupName,
        storageAccountName: backend.storageAccountName,
        containerName: backend.containerName,
        key: `${backend.keyPrefix}/${stackName}.tfstate`,
      });
      return;
    case "remote":
      new RemoteBackend(stack, {
        hostname: backend.hostname,
        organization: backend.organization,
        workspaces: { name: `${backend.workspacePrefix}${stackName}` },
      });
      return;
  }
}
