import { Construct } from "constructs";
import { Folder } from "../.gen/providers/grafana/folder";
import { stableUid } from "../src/grafana/stable-uid";

export interface GrafanaWorkspaceProps {
  /** Title of the folder that holds everything this library provisions. @default "Observability" */
  readonly folderTitle?: string;
}

/**
 * Everything provisioned inside Grafana through its API for one environment: the entry
 * point of a grafana stack. Needs a configured `grafana` provider in its stack.
 */
export class GrafanaWorkspace extends Construct {
  /** The folder holding the provisioned content. */
  readonly folder: Folder;

  constructor(scope: Construct, id: string, props: GrafanaWorkspaceProps = {}) {
    super(scope, id);
    const title = props.folderTitle ?? "Observability";
    if (!title.trim()) throw new Error(`${this.node.path}: folderTitle: must not be empty`);
    this.folder = new Folder(this, "folder", { title, uid: stableUid(title), preventDestroyIfNotEmpty: true });
  }
}
