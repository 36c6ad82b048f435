import { DescribeArchiveCommand } from "@aws-sdk/client-eventbridge";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { environments } from "../../envs";
import { parseReplayArgs, replayNames } from "../../tools/ops/replay";
import { awsClients, e2eContext } from "./support/context";

/** The replay command's arguments; the replay itself is proven in inventory-chain.test.ts. */
const PROJECT = join(__dirname, "..", "..");
const names = environments.map((env) => env.name);

function replayCli(...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", "tools/ops/replay.ts", ...args], { cwd: PROJECT, encoding: "utf8" });
}

describe("npm run replay", () => {
  it("reads the environment, the bus and the window", () => {
    expect(parseReplayArgs(["prod", "--bus", "inventory", "--from", "2026-11-22T10:00:00Z", "--to", "2026-11-22T10:30:00Z"], names)).toEqual({
      environment: "prod",
      bus: "inventory",
      from: new Date("2026-11-22T10:00:00Z"),
      to: new Date("2026-11-22T10:30:00Z"),
    });
  });

  it.each([
    [["local", "--bus", "billing", "--from", "2026-11-22T10:00:00Z", "--to", "2026-11-22T11:00:00Z"], /--bus must be one of orders, inventory, got "billing"/],
    [["qa", "--bus", "orders", "--from", "2026-11-22T10:00:00Z", "--to", "2026-11-22T11:00:00Z"], /unknown environment "qa"/],
    [["local", "--bus", "orders", "--from", "yesterday", "--to", "2026-11-22T11:00:00Z"], /--from needs an ISO 8601 time/],
    [["local", "--bus", "orders", "--from", "2026-11-22T11:00:00Z", "--to", "2026-11-22T10:00:00Z"], /--from \(2026-11-22T11:00:00.000Z\) must be before --to/],
  ])("refuses %j with exit code 2 and says why", (args, message) => {
    const result = replayCli(...args);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain("usage: npm run replay -- <env> --bus <orders|inventory>");
  });

  it.each(["orders", "inventory"] as const)("names the %s bus and its archive as the deployed stack does", async (bus) => {
    const { config, outputs, endpoint } = e2eContext();
    const { busName, archiveName } = replayNames(config, bus);
    expect(busName).toBe(outputs[`${bus}_bus_name`]);
    const archive = await awsClients(endpoint).events.send(new DescribeArchiveCommand({ ArchiveName: archiveName }));
    expect(archive.EventSourceArn).toBe(outputs[`${bus}_bus_arn`]);
  });
});
