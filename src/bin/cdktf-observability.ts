#!/usr/bin/env node
import { reviewCommand } from "../review/review-command";

/** `cdktf-observability <command>`: the package's command line (`review` for now). */
const [command, ...args] = process.argv.slice(2);
if (command === "review") process.exitCode = reviewCommand(args);
else {
  process.stderr.write(`cdktf-observability: unknown command ${command === undefined ? "(none)" : `"${command}"`}; commands: review\n`);
  process.exitCode = 2;
}
