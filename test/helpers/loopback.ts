import { ChildProcess, spawn, SpawnOptions } from "node:child_process";
import { createServer, IncomingMessage, Server } from "node:http";
import { AddressInfo } from "node:net";

/**
 * Real programs and small servers on 127.0.0.1 for the loopback integration tests: free
 * ports, polling with a deadline, and processes that are all stopped afterwards (SIGTERM,
 * then SIGKILL), with their output kept for failure messages.
 */

export function listen(server: Server, port = 0): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

export const portOf = (server: Server): number => (server.address() as AddressInfo).port;

export async function freePort(): Promise<number> {
  const server = await listen(createServer());
  const port = portOf(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns a value, or fails after `ms`. */
export async function waitFor<T>(what: string, ms: number, check: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(250);
  }
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export interface StartedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** stdout and stderr as they came. */
  readonly output: string[];
  /** The signal that stops it cleanly. */
  readonly stopSignal: NodeJS.Signals;
}

/** The processes a test started; {@link stopAll} ends every one of them, also when the test failed. */
export class LoopbackProcesses {
  private readonly started: StartedProcess[] = [];
  private readonly servers: Server[] = [];
  private readonly killOnExit = () => this.started.forEach(({ child }) => child.exitCode === null && child.kill("SIGKILL"));

  constructor() {
    // a test run interrupted before afterAll still leaves no process behind
    process.once("exit", this.killOnExit);
  }

  start(name: string, command: string, args: readonly string[], options: SpawnOptions & { stopSignal?: NodeJS.Signals } = {}): StartedProcess {
    const output: string[] = [];
    const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout!.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr!.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    child.on("error", (error) => output.push(`spawn failed: ${error.message}`));
    const started = { name, child, output, stopSignal: options.stopSignal ?? "SIGTERM" };
    this.started.push(started);
    return started;
  }

  /** A server of the test itself, closed with the processes. */
  track(server: Server): Server {
    this.servers.push(server);
    return server;
  }

  /** Waits until `url` answers 2xx; fails at once, with its output, if the process exits. */
  async waitReady(started: StartedProcess, url: string, ms = 20_000): Promise<void> {
    await waitFor(`${started.name} to answer ${url}`, ms, async () => {
      if (started.child.exitCode !== null) throw new Error(`${started.name} exited with ${started.child.exitCode}:\n${started.output.join("")}`);
      const ready = await fetch(url).then((r) => r.ok, () => false);
      return ready || undefined;
    }).catch((error: Error) => Promise.reject(new Error(`${error.message}\n${started.output.join("")}`)));
  }

  /** Every process's output, for failure messages. */
  diagnostics(): string {
    return this.started.map((p) => `--- ${p.name}:\n${p.output.join("").slice(-4_000)}`).join("\n");
  }

  /** Stops the processes in the reverse order of their start (who sends stops before who receives, so it can flush). */
  async stopAll(): Promise<void> {
    for (const { child, stopSignal } of this.started.splice(0).reverse()) {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return resolve();
        const kill = setTimeout(() => child.kill("SIGKILL"), 5_000);
        child.once("exit", () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill(stopSignal);
      });
    }
    await Promise.all(this.servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
    process.removeListener("exit", this.killOnExit);
  }
}
