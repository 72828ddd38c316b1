import { stableUid } from "./stable-uid";

/** Title of the top folder the grafana stack provisions everything in (`GrafanaWorkspace`'s `folderTitle` default). */
export const TOP_FOLDER_TITLE = "Observability";

/** Titles of the sub-folders of the top folder: the shipped dashboards' and the Grafana-managed alert rules'. */
export const SUBFOLDER_TITLES = {
  services: "Services",
  kubernetes: "Kubernetes",
  databases: "Databases",
  compliance: "Compliance",
  observabilityStack: "Observability stack",
  alertRules: "Alert rules",
} as const;

export type SubfolderName = keyof typeof SUBFOLDER_TITLES;

/** UID of the sub-folder titled `subfolderTitle` under the top folder titled `topTitle`. */
export function subfolderUid(topTitle: string, subfolderTitle: string): string {
  return stableUid(topTitle, subfolderTitle);
}

/** The UIDs of the folder tree under a top folder titled `topTitle`: `top` and each sub-folder. */
export function folderUids(topTitle: string = TOP_FOLDER_TITLE): Readonly<Record<"top" | SubfolderName, string>> {
  const subfolders = Object.entries(SUBFOLDER_TITLES).map(([name, title]) => [name, subfolderUid(topTitle, title)]);
  return { top: stableUid(topTitle), ...Object.fromEntries(subfolders) } as Record<"top" | SubfolderName, string>;
}

/**
 * The folder UIDs of the default tree (top folder `Observability`), the same in every
 * environment: an app repo puts its dashboards in `FOLDER_UIDS.services` without a reference
 * to the platform's grafana stack.
 */
export const FOLDER_UIDS = folderUids();
