import { spawn } from "node:child_process";
import { describeCpu, mergeSample, parseStat, processKind, startCpuSampler } from "../../../../tools/bench/process-cpu";

describe("CPU by kind of process", () => {
  it.each([
    [".terraform/providers/registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64/terraform-provider-aws_v5.100.0_x5", "aws provider"],
    ["terraform apply -auto-approve -input=false", "terraform"],
    ["/usr/local/bin/terraform plan", "terraform"],
    ["/usr/bin/python3 /p/tools/local/emulator/launcher.py --port 4599", "emulator"],
    ["python3 -c pass", "python"],
    ["/usr/bin/node /p/node_modules/jest-worker/build/workers/processChild.js", "jest"],
    ["node --import tsx tools/local/start.ts", "node"],
    ["/p/node_modules/@esbuild/linux-x64/bin/esbuild --service=0.25.0", "esbuild"],
    ["terraform-provi", "aws provider"],
    ["terraform", "terraform"],
    ["python3", "python"],
    ["sshd: root", "other"],
  ])("%s is %s", (commandLine, kind) => {
    expect(processKind(commandLine)).toBe(kind);
  });

  it("reads user and system time from a stat line whose command name holds spaces and parentheses", () => {
    const stat = "42 (my (odd) name) S 1 42 42 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 1 0 12345 1000 10 18446744073709551615";
    expect(parseStat(stat, 100)).toEqual({ cpuSeconds: 3, startTime: "12345" });
  });

  it("charges a busy child process to its kind", async () => {
    const sampler = startCpuSampler();
    if (!sampler) throw new Error("no /proc on this machine: the CPU split is Linux-only");
    const busy = spawn(process.execPath, ["-e", "const end = Date.now() + 2000; while (Date.now() < end);"]);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const totals = sampler.stop();
    busy.kill();
    expect(totals.node).toBeGreaterThan(0.1);
  });

  it("keeps the kind a process was first seen with once it has exited (no command line left)", () => {
    expect(mergeSample({ kind: "emulator", cpuSeconds: 10 }, { kind: "python", cpuSeconds: 12 })).toEqual({ kind: "emulator", cpuSeconds: 12 });
    expect(mergeSample(undefined, { kind: "node", cpuSeconds: 1 })).toEqual({ kind: "node", cpuSeconds: 1 });
  });

  it("states each kind's share, largest first", () => {
    expect(describeCpu({ terraform: 30, emulator: 10 })).toBe("terraform 75% (30 s), emulator 25% (10 s)");
  });
});
