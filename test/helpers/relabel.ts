import { ScrapeConfig } from "../../src/metrics/annotation-scrape-configs";

export type Labels = Record<string, string>;
export type RawRule = { source_labels?: string[]; separator?: string; target_label?: string; regex?: string; replacement?: string; action?: string };

/**
 * Applies raw relabel rules the way Prometheus does for the actions these configs use:
 * regexes anchored at both ends, an empty replacement result removes the label, `__meta_*`
 * labels are gone after relabelling. Returns undefined for a dropped target.
 */
export function relabel(config: ScrapeConfig, input: Labels): Labels | undefined {
  const labels: Labels = { ...input };
  for (const rule of config.relabel_configs as RawRule[]) {
    const regex = new RegExp(`^(?:${rule.regex ?? "(.*)"})$`);
    const value = (rule.source_labels ?? []).map((name) => labels[name] ?? "").join(rule.separator ?? ";");
    switch (rule.action ?? "replace") {
      case "keep":
        if (!regex.test(value)) return undefined;
        break;
      case "drop":
        if (regex.test(value)) return undefined;
        break;
      case "replace":
        if (regex.test(value)) {
          const result = value.replace(regex, rule.replacement ?? "$1");
          if (result === "") delete labels[rule.target_label!];
          else labels[rule.target_label!] = result;
        }
        break;
      case "labelmap":
        for (const [name, labelValue] of Object.entries(labels)) {
          if (regex.test(name)) labels[name.replace(regex, rule.replacement ?? "$1")] = labelValue;
        }
        break;
      default:
        throw new Error(`relabel emulation does not know action ${rule.action}`);
    }
  }
  return Object.fromEntries(Object.entries(labels).filter(([name]) => !name.startsWith("__meta_")));
}
