import { ResourceAction } from "./terraform-plan";

/** Resources per action in one stack. */
export interface ChangeSummary {
  readonly add: number;
  readonly change: number;
  readonly replace: number;
  readonly destroy: number;
}

/** One resource that changes, named by its construct path. */
export interface ResourceReview {
  /** Construct path below the stack, e.g. `observability/loki/chart/release`. */
  readonly path: string;
  readonly type: string;
  readonly address: string;
  readonly action: ResourceAction;
  /** For a replacement: the arguments that force it (from the synthesized diff), when known. */
  readonly replacedBy?: readonly string[];
  /** Key-level changes, one per line; never a sensitive value. */
  readonly lines: readonly string[];
}

/** One stack's review. */
export interface StackReview {
  readonly stack: string;
  /** Where the actions come from: the Terraform plan, or the diff of the synthesized configurations. */
  readonly source: "plan" | "synthesized";
  readonly summary: ChangeSummary;
  readonly resources: readonly ResourceReview[];
  /** What loses data or access, one sentence each, naming the resource. */
  readonly dangers: readonly string[];
  /**
   * Resources whose planned action differs from what the synthesized diff gives, as
   * `path: plan <action>, synthesized <action>`: drift, or a plan of another revision.
   */
  readonly disagreements: readonly string[];
}

/** The review of a change: every stack of the head app (and those the head removes). */
export interface Review {
  readonly stacks: readonly StackReview[];
}
