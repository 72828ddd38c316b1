import { Construct } from "constructs";
import { Fn, Token } from "cdktf";
import { dnsLabel } from "../src/config/common-schemas";
import { BackendInput, backendSchema } from "../src/config/environment-schema";
import { parseConfig } from "../src/config/parse-config";
import { PLATFORM_OUTPUTS, PlatformValues, platformValuesSchema } from "../src/platform/platform-values";
import { z } from "zod";
import { remoteStateOf } from "./terraform-backend";

/** Where a platform's state is, as its platform repo configured it. */
export interface PlatformRemoteStateProps {
  /** The environment's name (its stacks are `<environment>-platform` and `<environment>-grafana`). */
  readonly environment: string;
  /** The environment's state backend, as in its environment file (`backend`). */
  readonly backend: BackendInput;
}

const remoteStateSchema = z.strictObject({ environment: dnsLabel, backend: backendSchema });

/** The platform values as given to {@link PlatformHandle.fromValues} (every field required). */
export type PlatformValuesInput = z.input<typeof platformValuesSchema>;

/**
 * What an application's repo knows of a deployed environment: namespace, OTLP endpoints,
 * query URLs, Grafana's URL, datasource and folder UIDs, the environment's RED profiles.
 * Either read from the environment's Terraform outputs (`fromRemoteState`: the values are
 * Terraform references, known at apply) or given as plain values (`fromValues`: known at
 * synth). No reference into the platform's stacks, so the two repos deploy independently.
 */
export class PlatformHandle implements PlatformValues {
  /** Environment name. */
  readonly environment!: string;
  /** Cluster name (the `cluster` label). */
  readonly cluster!: string;
  /** The monitoring namespace. */
  readonly namespace!: string;
  /** The collector's OTLP gRPC endpoint, `host:4317`. */
  readonly otlpGrpcEndpoint!: string;
  /** The collector's OTLP/HTTP base URL (`OTEL_EXPORTER_OTLP_ENDPOINT`). */
  readonly otlpHttpEndpoint!: string;
  /** Prometheus' in-cluster query URL. */
  readonly prometheusUrl!: string;
  /** Alertmanager's in-cluster URL. */
  readonly alertmanagerUrl!: string;
  /** Loki's in-cluster query URL. */
  readonly lokiUrl!: string;
  /** Jaeger's in-cluster query URL. */
  readonly jaegerUrl!: string;
  /** The URL Grafana is reached at. */
  readonly grafanaUrl!: string;
  /** The environment's RED profiles (a list reference when read from remote state). */
  readonly redProfiles!: PlatformValues["redProfiles"];
  /** UIDs of the Prometheus, Loki, Jaeger and Alertmanager datasources. */
  readonly datasourceUids!: PlatformValues["datasourceUids"];
  /** UIDs of the platform's top folder and its Services folder. */
  readonly folderUids!: PlatformValues["folderUids"];

  private constructor(
    values: PlatformValues,
    /** Whether the values are known at synth (`fromValues`) rather than Terraform references. */
    readonly known: boolean,
  ) {
    Object.assign(this, values);
  }

  /**
   * The platform as plain values, validated: a mistake is a ConfigError naming the field.
   * For tests, or a repo that does not read the platform's state.
   */
  static fromValues(values: PlatformValuesInput): PlatformHandle {
    return new PlatformHandle(parseConfig(platformValuesSchema, values, "PlatformHandle.fromValues"), true);
  }

  /**
   * The platform's Terraform outputs, read from the state of its `<environment>-grafana`
   * stack (which the platform repo deploys last) with a `terraform_remote_state` data source
   * in `scope`'s stack. Every value is a Terraform reference.
   */
  static fromRemoteState(scope: Construct, props: PlatformRemoteStateProps, id = "platform"): PlatformHandle {
    const where = [scope.node.path, id].filter(Boolean).join("/");
    const { environment, backend } = parseConfig(remoteStateSchema, props, where);
    const state = remoteStateOf(scope, id, `${environment}-grafana`, backend);
    const shape = platformValuesSchema.shape;
    const read = (key: keyof PlatformValues): unknown => {
      const { name, shape: kind } = PLATFORM_OUTPUTS[key];
      if (kind === "string") return state.getString(name);
      if (kind === "list") return state.getList(name);
      const keys = Object.keys((shape[key] as z.ZodObject).shape);
      return Object.fromEntries(keys.map((field) => [field, Token.asString(Fn.lookup(state.get(name), field))]));
    };
    const values = Object.fromEntries((Object.keys(PLATFORM_OUTPUTS) as Array<keyof PlatformValues>).map((key) => [key, read(key)]));
    return new PlatformHandle(values as PlatformValues, false);
  }
}
