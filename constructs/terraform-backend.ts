import { Construct } from "constructs";
import {
  AzurermBackend,
  AzurermBackendConfig,
  DataTerraformRemoteState,
  DataTerraformRemoteStateAzurerm,
  DataTerraformRemoteStateGcs,
  DataTerraformRemoteStateLocal,
  DataTerraformRemoteStateS3,
  GcsBackend,
  GcsBackendConfig,
  LocalBackend,
  LocalBackendConfig,
  RemoteBackend,
  RemoteBackendConfig,
  S3Backend,
  S3BackendConfig,
  TerraformRemoteState,
  TerraformStack,
} from "cdktf";
import { Backend } from "../src/config/environment-schema";

/** The backend block of one stack's state, by backend type. */
type StateLocation =
  | { type: "local"; config: LocalBackendConfig }
  | { type: "s3"; config: S3BackendConfig }
  | { type: "gcs"; config: GcsBackendConfig }
  | { type: "azurerm"; config: AzurermBackendConfig }
  | { type: "remote"; config: RemoteBackendConfig };

/**
 * Where `stackName`'s state lives in `backend`: the one place the key, prefix or workspace
 * of a stack is derived, for the stack itself and for whoever reads its outputs. Local state
 * paths are relative (Terraform runs in `cdktf.out/stacks/<stack>`), so plans never carry a
 * machine path.
 */
function stateLocation(stackName: string, backend: Backend): StateLocation {
  switch (backend.type) {
    case "local":
      return { type: "local", config: { path: `../../../${backend.directory}/terraform.${stackName}.tfstate`.replace(/\/\.\//g, "/") } };
    case "s3":
      return {
        type: "s3",
        config: {
          bucket: backend.bucket,
          region: backend.region,
          key: `${backend.keyPrefix}/${stackName}.tfstate`,
          encrypt: true,
          dynamodbTable: backend.dynamodbTable,
          kmsKeyId: backend.kmsKeyId,
          // cdktf 0.21 predates S3-native locking (Terraform ≥ 1.10) but passes every key through,
          // to the backend block and to the remote-state readers of other stacks alike; cdktn knows
        // it and checks it against the App's targetVersions (TARGET_VERSIONS).
          ...(backend.useLockfile ? { useLockfile: true } : {}),
        } as S3BackendConfig,
      };
    case "gcs":
      return { type: "gcs", config: { bucket: backend.bucket, prefix: `${backend.prefix}/${stackName}` } };
    case "azurerm":
      return {
        type: "azurerm",
        config: {
          resourceGroupName: backend.resourceGroupName,
          storageAccountName: backend.storageAccountName,
          containerName: backend.containerName,
          key: `${backend.keyPrefix}/${stackName}.tfstate`,
        },
      };
    case "remote":
      return {
        type: "remote",
        config: { hostname: backend.hostname, organization: backend.organization, workspaces: { name: `${backend.workspacePrefix}${stackName}` } },
      };
  }
}

/** Gives `stack` its own state in the environment's backend. */
export function configureBackend(stack: TerraformStack, stackName: string, backend: Backend): void {
  const location = stateLocation(stackName, backend);
  switch (location.type) {
    case "local":
      new LocalBackend(stack, location.config);
      return;
    case "s3":
      new S3Backend(stack, location.config);
      return;
    case "gcs":
      new GcsBackend(stack, location.config);
      return;
    case "azurerm":
      new AzurermBackend(stack, location.config);
      return;
    case "remote":
      new RemoteBackend(stack, location.config);
      return;
  }
}

/** Reads the outputs of `stackName`, whose state `configureBackend` put in `backend` (a `terraform_remote_state` data source). */
export function remoteStateOf(scope: Construct, id: string, stackName: string, backend: Backend): TerraformRemoteState {
  const location = stateLocation(stackName, backend);
  switch (location.type) {
    case "local":
      return new DataTerraformRemoteStateLocal(scope, id, location.config);
    case "s3":
      return new DataTerraformRemoteStateS3(scope, id, location.config);
    case "gcs":
      return new DataTerraformRemoteStateGcs(scope, id, location.config);
    case "azurerm":
      return new DataTerraformRemoteStateAzurerm(scope, id, location.config);
    case "remote":
      return new DataTerraformRemoteState(scope, id, location.config);
  }
}
