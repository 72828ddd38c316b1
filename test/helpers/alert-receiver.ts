import { createServer, Server } from "node:http";
import { listen, readBody } from "./loopback";

/** What Alertmanager posted to a receiver stand-in, by URL path. */
export interface Notification {
  readonly path: string;
  readonly body: any;
}

/** Records whatever Alertmanager posts (Slack and PagerDuty stand-ins), answering as they do. */
export function startReceiver(notifications: Notification[]): Promise<Server> {
  const server = createServer(async (req, res) => {
    notifications.push({ path: req.url ?? "", body: JSON.parse((await readBody(req)).toString("utf8")) });
    if (req.url === "/pagerduty") res.writeHead(202, { "content-type": "application/json" }).end('{"status":"success"}');
    else res.writeHead(200).end("ok");
  });
  return listen(server);
}

/** Labels listed by Alertmanager's default PagerDuty details (` - name = value` lines under `Labels:`). */
export function pagerDutyLabels(details: string): Record<string, string> {
  const section = details.split("Labels:\n")[1]?.split("Annotations:")[0] ?? "";
  return Object.fromEntries([...section.matchAll(/^ - (\w+) = (.*)$/gm)].map((m) => [m[1], m[2]]));
}

/** Labels printed by the built-in message template (`Labels: a=b c=d`), one map per alert. */
export function slackLabels(text: string): Array<Record<string, string>> {
  return [...text.matchAll(/^Labels: (.*)$/gm)].map((m) => Object.fromEntries(m[1].trim().split(" ").map((pair) => pair.split("=") as [string, string])));
}
