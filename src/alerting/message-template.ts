import { z } from "zod";
import { dnsLabel } from "../config/common-schemas";
import { templateText } from "./alert-rule";

/**
 * A notification template: Go template text with one or more `{{ define "..." }}` blocks,
 * used by contact points' title/text fields. Alertmanager loads it as `<name>.tmpl`,
 * Grafana as a message template of that name; both expose the same data (`.Alerts`,
 * `.CommonLabels`, `.Labels.SortedPairs`, `.Annotations`…).
 */
export const messageTemplateSchema = z.strictObject({
  /** File and Grafana template name. */
  name: dnsLabel,
  content: templateText.refine((text) => definedTemplates(text).length > 0, 'must define at least one template ({{ define "name" }}…{{ end }})'),
});

export type MessageTemplateInput = z.input<typeof messageTemplateSchema>;
export type MessageTemplate = z.output<typeof messageTemplateSchema>;

/** The names a template text defines. */
export function definedTemplates(content: string): string[] {
  return [...content.matchAll(/\{\{-?\s*define\s+"([^"]+)"\s*-?\}\}/g)].map((match) => match[1]);
}

/**
 * The built-in notification text for chat contact points: status and alert name as the
 * title; per alert its summary, description, runbook and labels, so a notification says
 * what to check without opening Grafana.
 */
export const DEFAULT_MESSAGE_TEMPLATE: MessageTemplate = {
  name: "observability",
  content: `{{ define "observability.title" }}[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .CommonLabels.alertname }}{{ with .CommonLabels.severity }} ({{ . }}){{ end }}{{ end }}

{{ define "observability.text" }}{{ range .Alerts }}*{{ .Annotations.summary }}*
{{ .Annotations.description }}
Runbook: {{ .Annotations.runbook_url }}
Labels: {{ range .Labels.SortedPairs }}{{ .Name }}={{ .Value }} {{ end }}
{{ end }}{{ end }}
`,
};

/** Title and text fields referring to the built-in template. */
export const DEFAULT_TITLE = '{{ template "observability.title" . }}';
export const DEFAULT_TEXT = '{{ template "observability.text" . }}';
