import { ChildProcess, spawn } from "node:child_process";
import { closeSync, createWriteStream, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { Agent, request } from "node:https";
import { dirname, join } from "node:path";
import { readLines, stopProcess } from "../child-process";

/** A running emulator: started here, or one found already answering on the port. */
export interface Emulator {
  readonly endpoint: string;
  readonly port: number;
  /** True when another process owns it; stop() then leaves it running. */
  readonly reused: boolean;
  /** The certificate it serves HTTPS with; for a reused one, the one asked for (by default the one every launcher writes). */
  readonly certFile: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  readonly port?: number;
  /** Appends everything the emulator prints (its request log) to this file. */
  readonly logFile?: string;
  /** Called with each line the emulator prints (its request log). */
  readonly onOutput?: (line: string) => void;
  readonly startTimeoutMs?: number;
  /** Its TLS certificate (created if missing, key next to it as .key). @default emulatorCertificate() */
  readonly certFile?: string;
  /**
   * The account it answers as (moto's MOTO_ACCOUNT_ID), e.g. to stand in for a real environment's
   * account so `allowed_account_ids` passes. @default moto's 123456789012
   */
  readonly accountId?: string;
}

export const DEFAULT_EMULATOR_PORT = 4566;
const LAUNCHER = join(__dirname, "launcher.py");
const READY = "EMULATOR READY";
/** Lines of output kept for error messages (the request log grows for as long as it runs). */
const OUTPUT_TAIL_LINES = 40;
const INSTALL_MOTO = "python3 -m pip install 'moto[server]==5.2.1' (moto 5.x with its server extras: flask, flask-cors, cryptography)";
/** For callers not yet trusting the emulator's certificate: it only listens on loopback. */
const insecureAgent = new Agent({ rejectUnauthorized: false });

export function emulatorEndpoint(port: number): string {
  return `https://127.0.0.1:${port}`;
}

/**
 * The self-signed certificate the launcher writes and serves (SANs 127.0.0.1 and localhost),
 * reused across restarts. Trust it instead of skipping verification: `emulatorTrustEnv()` for
 * child processes (Terraform, the AWS CLI, Node), `awsClientConfig(endpoint, { certFile })` in process.
 */
export function emulatorCertificate(): string {
  return join(__dirname, "..", "..", "..", ".emulator", "emulator.pem");
}

/** Environment that makes Node (NODE_EXTRA_CA_CERTS), the AWS SDKs and Terraform (AWS_CA_BUNDLE) trust the emulator. */
export function emulatorTrustEnv(certFile = emulatorCertificate()): { NODE_EXTRA_CA_CERTS: string; AWS_CA_BUNDLE: string } {
  return { NODE_EXTRA_CA_CERTS: certFile, AWS_CA_BUNDLE: certFile };
}

/** An HTTPS agent that verifies the emulator against its certificate. */
export function emulatorHttpsAgent(certFile = emulatorCertificate()): Agent {
  return new Agent({ ca: readFileSync(certFile) });
}

/** Starts moto with this project's extensions, or reuses an emulator already on the port. */
export async function startEmulator(options: StartOptions = {}): Promise<Emulator> {
  const port = options.port ?? DEFAULT_EMULATOR_PORT;
  const endpoint = emulatorEndpoint(port);
  const certFile = options.certFile ?? emulatorCertificate();
  if (await isEmulator(endpoint)) return { endpoint, port, reused: true, certFile, stop: async () => undefined };
  const env = options.accountId ? { ...process.env, MOTO_ACCOUNT_ID: options.accountId } : process.env;
  const child = spawn("python3", [LAUNCHER, "--port", String(port), "--cert-file", certFile, "--exit-with-parent"], { stdio: ["ignore", "pipe", "pipe"], env });
  if (options.logFile) appendOutputTo(child, options.logFile);
  const releaseParent = stopWithParent(child);
  const stop = async () => {
    releaseParent();
    await stopProcess(child);
  };
  try {
    await waitUntilReady(child, endpoint, options);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, port, reused: false, certFile, stop };
}

/**
 * No orphans: the emulator is stopped when this process exits or gets SIGINT/SIGTERM (an
 * exit by signal emits no "exit" event). Returns the function that undoes this.
 */
function stopWithParent(child: ChildProcess): () => void {
  const onExit = () => child.kill("SIGTERM");
  const onSignal = (signal: NodeJS.Signals) => {
    child.kill("SIGTERM");
    release();
    // A listener cancels Node's default exit on the signal: restore it unless someone else
    // (the CLI, a test runner) handles the signal.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  const release = () => {
    process.removeListener("exit", onExit);
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
  };
  process.once("exit", onExit);
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return release;
}

function appendOutputTo(child: ChildProcess, logFile: string): void {
  const log = createWriteStream(logFile, { flags: "a" });
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  child.once("close", () => log.end());
}

function waitUntilReady(child: ChildProcess, endpoint: string, options: StartOptions): Promise<void> {
  const output: string[] = [];
  const timeoutMs = options.startTimeoutMs ?? 30_000;
  return new Promise((resolve, reject) => {
    const fail = (reason: string, hint = installHint(output)) =>
      reject(new Error(`${reason}\n--- emulator output (last lines) ---\n${output.join("\n")}\n${hint}`));
    const timer = setTimeout(() => fail(`the emulator did not answer on ${endpoint} within ${timeoutMs} ms`), timeoutMs);
    const onLine = (line: string) => {
      output.push(line);
      if (output.length > OUTPUT_TAIL_LINES) output.shift();
      options.onOutput?.(line);
      if (line.startsWith(READY)) {
        clearTimeout(timer);
        resolve();
      }
    };
    // Read for as long as it runs: a full pipe would block the emulator.
    readLines(child.stdout!, onLine);
    readLines(child.stderr!, onLine);
    child.once("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const hint = error.code === "ENOENT" ? `Install Python 3, then the emulator: ${INSTALL_MOTO}.` : "";
      fail(`could not run python3 (${error.message})`, hint);
    });
    // "close", not "exit": the output is complete by then, so the message shows why it stopped.
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      fail(`the emulator exited with ${signal ? `signal ${signal}` : `code ${code}`} before it was ready`);
    });
  });
}

function installHint(output: readonly string[]): string {
  const text = output.join("\n");
  if (/No module named|ModuleNotFoundError/.test(text)) return `Install the emulator: ${INSTALL_MOTO}.`;
  if (/Address already in use/.test(text)) return "Another process listens on that port: stop it or choose another port.";
  return "";
}

/** True when moto's management API answers on the endpoint. */
export function isEmulator(endpoint: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = request(`${endpoint}/moto-api/`, { method: "GET", agent: insecureAgent, timeout: 2_000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    probe.on("error", () => resolve(false));
    probe.on("timeout", () => probe.destroy());
    probe.end();
  });
}

/** Forgets every resource (moto's reset API). */
export function resetEmulator(endpoint: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const reset = request(`${endpoint}/moto-api/reset`, { method: "POST", agent: insecureAgent }, (response) => {
      response.resume();
      response.statusCode === 200 ? resolve() : reject(new Error(`emulator reset answered ${response.statusCode}`));
    });
    reset.on("error", reject);
    reset.end();
  });
}

export interface ClientOptions {
  /** Verify the emulator against this certificate. @default - no verification (loopback only) */
  readonly certFile?: string;
}

/** Configuration for any AWS SDK v3 client against the emulator. */
export function awsClientConfig(endpoint: string, options: ClientOptions = {}) {
  return {
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    forcePathStyle: true,
    requestHandler: { httpsAgent: clientAgent(options) },
  };
}

/** The HTTPS agent for a client of the emulator: verifying `options.certFile`, else none (loopback only). */
export function clientAgent(options: ClientOptions = {}): Agent {
  return options.certFile ? emulatorHttpsAgent(options.certFile) : insecureAgent;
}

export interface BackgroundEmulator {
  readonly endpoint: string;
  /** False when one was already answering on the port. */
  readonly started: boolean;
}

/**
 * Starts the emulator as a background process that outlives this one (npm start leaves the
 * deployment running), logging to `logFile` and recording its pid in `pidFile` for stopBackgroundEmulator.
 */
export async function startBackgroundEmulator(port: number, logFile: string, pidFile: string): Promise<BackgroundEmulator> {
  const endpoint = emulatorEndpoint(port);
  if (await isEmulator(endpoint)) return { endpoint, started: false };
  mkdirSync(dirname(logFile), { recursive: true });
  const log = openSync(logFile, "a");
  const child = spawn("python3", [LAUNCHER, "--port", String(port)], { detached: true, stdio: ["ignore", log, log] });
  closeSync(log);
  child.unref();
  writeFileSync(pidFile, String(child.pid));
  const deadline = Date.now() + 30_000;
  while (!(await isEmulator(endpoint))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      stopBackgroundEmulator(pidFile);
      const output = readFileSync(logFile, "utf8").split("\n").slice(-30);
      throw new Error(`the emulator did not start on ${endpoint}\n--- ${logFile} ---\n${output.join("\n")}\n${installHint(output)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { endpoint, started: true };
}

/** Stops the emulator recorded in `pidFile`; returns false when there was none. */
/** Stops the emulator of `pidFile`, waits until its port no longer answers, and starts an empty one. */
export async function restartBackgroundEmulator(port: number, logFile: string, pidFile: string): Promise<BackgroundEmulator> {
  const endpoint = emulatorEndpoint(port);
  stopBackgroundEmulator(pidFile);
  const deadline = Date.now() + 15_000;
  while (await isEmulator(endpoint)) {
    if (Date.now() > deadline) throw new Error(`the emulator on ${endpoint} still answers 15 s after SIGTERM; stop it by hand and retry`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return startBackgroundEmulator(port, logFile, pidFile);
}

export function stopBackgroundEmulator(pidFile: string): boolean {
  if (!existsSync(pidFile)) return false;
  const pid = Number(readFileSync(pidFile, "utf8"));
  rmSync(pidFile);
  try {
    process.kill(pid, "SIGTERM");
    return true;
  } catch {
    return false; // already gone
  }
}
