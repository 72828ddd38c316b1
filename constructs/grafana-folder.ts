import { Construct } from "constructs";
import { Token } from "cdktf";
import { Folder } from "../.gen/providers/grafana/folder";
import { check } from "../src/config/config-error";
import { GRAFANA_UID } from "../src/dashboards/normalize-dashboard";
import { stableUid } from "../src/grafana/stable-uid";

export interface GrafanaFolderProps {
  /** Folder title. */
  readonly title: string;
  /**
   * Folder UID (UIDs are unique across the organization, so give one to two folders of the
   * same title under different parents). @default `stableUid(title)`
   */
  readonly uid?: string;
  /** UID of the parent folder (Grafana's nested folders): a plain UID or a reference such as `parent.uid`. @default none (top level) */
  readonly parentFolderUid?: string;
  /** Refuse to destroy the folder while it still holds dashboards or alert rules. @default true */
  readonly preventDestroyIfNotEmpty?: boolean;
}

/** A Grafana folder with a stable UID, for teams adding their own dashboards beside the shipped ones. */
export class GrafanaFolder extends Construct {
  /** The folder UID as a reference: what a dashboard's `folder` takes, so it is created after the folder. */
  readonly uid: string;
  readonly resource: Folder;

  constructor(scope: Construct, id: string, props: GrafanaFolderProps) {
    super(scope, id);
    const where = this.node.path;
    check(typeof props.title === "string" && props.title.trim().length > 0, where, "title", "must not be empty");
    const uid = props.uid ?? stableUid(props.title);
    check(GRAFANA_UID.test(uid), where, "uid", `"${uid}" must be 1 to 40 letters, digits, '-' or '_'`);
    const parent = props.parentFolderUid;
    check(parent === undefined || Token.isUnresolved(parent) || GRAFANA_UID.test(parent), where, "parentFolderUid", "must be a folder UID or a reference");
    check(parent !== uid, where, "parentFolderUid", "must not be the folder itself");
    this.resource = new Folder(this, "folder", {
      title: props.title,
      uid,
      parentFolderUid: parent,
      preventDestroyIfNotEmpty: props.preventDestroyIfNotEmpty ?? true,
    });
    this.uid = this.resource.uid;
  }
}
