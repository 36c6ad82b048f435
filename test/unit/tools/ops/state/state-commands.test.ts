import { ListObjectVersionsCommand, GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { defaultBackupFile, formatVersions, runStateAction, StateIo } from "../../../../../tools/ops/state/commands";
import { listStateVersions } from "../../../../../tools/ops/state/state-store";
import { StateWorkspace } from "../../../../../tools/ops/state/workspace";

const LOCATION = { bucket: "orders-tfstate-333333333333", key: "prod/platform.tfstate" };
const LOCK = { ID: "lock-1", Who: "runner@ci-42", Operation: "OperationTypeApply", Created: "2026-11-22T18:00:00Z" };

/** An S3 stand-in answering ListObjectVersions and GetObject of the lock file; anything else fails the test. */
function fakeS3(options: { lock?: object; pages?: object[] }): S3Client {
  let page = 0;
  return {
    send: async (command: unknown) => {
      if (command instanceof ListObjectVersionsCommand) return options.pages?.[page++] ?? { Versions: [] };
      if (command instanceof GetObjectCommand) {
        if (!options.lock) throw Object.assign(new Error("no such key"), { name: "NoSuchKey" });
        return { Body: { transformToString: async () => JSON.stringify(options.lock) } };
      }
      throw new Error(`unexpected S3 call ${(command as object).constructor.name}`);
    },
  } as unknown as S3Client;
}

const VERSIONS_PAGE = {
  Versions: [
    { Key: LOCATION.key, VersionId: "v2", LastModified: new Date("2026-11-22T10:00:00Z"), Size: 2048, IsLatest: true },
    { Key: `${LOCATION.key}.tflock`, VersionId: "l1", LastModified: new Date("2026-11-22T11:00:00Z"), Size: 200, IsLatest: true },
    { Key: LOCATION.key, VersionId: "v1", LastModified: new Date("2026-11-21T10:00:00Z"), Size: 1024, IsLatest: false },
  ],
};

function workspace(s3: S3Client): StateWorkspace {
  // A stack dir that does not exist: any terraform call would fail the test loudly.
  return { environment: "prod", stackDir: "/nonexistent-stack-dir", cli: { env: {}, mirror: undefined, configFile: "" }, location: LOCATION, s3 };
}

function io(answer: string, yes = false): StateIo & { printed: string[] } {
  const printed: string[] = [];
  return { printed, yes, interactive: true, ask: async () => answer, print: (text) => printed.push(text), now: () => new Date("2026-11-22T20:00:00Z") };
}

describe("state versions", () => {
  it("lists only the state key's versions, newest first, across pages", async () => {
    const s3 = fakeS3({
      pages: [
        { Versions: [VERSIONS_PAGE.Versions[2]], IsTruncated: true, NextKeyMarker: LOCATION.key, NextVersionIdMarker: "v1" },
        { Versions: VERSIONS_PAGE.Versions.slice(0, 2) },
      ],
    });
    expect((await listStateVersions(s3, LOCATION)).map((version) => version.versionId)).toEqual(["v2", "v1"]);
  });

  it("prints version, time, size and which one is current", () => {
    const text = formatVersions([{ versionId: "v2", lastModified: new Date("2026-11-22T10:00:00Z"), size: 2048, isLatest: true }], "s3://b/k");
    expect(text).toMatch(/^versions of s3:\/\/b\/k, newest first:/);
    expect(text).toMatch(/v2\s+2026-11-22T10:00:00.000Z\s+2048\s+current/);
  });

  it("says whether the state is locked, and by whom", async () => {
    const locked = io("", true);
    await runStateAction({ kind: "versions" }, workspace(fakeS3({ pages: [VERSIONS_PAGE], lock: LOCK })), locked);
    expect(locked.printed[1]).toMatch(/^locked:\n[\s\S]*Who: {7}runner@ci-42/);
    const free = io("", true);
    await runStateAction({ kind: "versions" }, workspace(fakeS3({ pages: [VERSIONS_PAGE] })), free);
    expect(free.printed[1]).toBe("not locked");
  });

  it("says when the bucket has no versions", () => {
    expect(formatVersions([], "s3://b/k")).toBe("no versions of s3://b/k (is bucket versioning enabled?)");
  });
});

describe("state restore", () => {
  it("refuses a version the bucket does not have", async () => {
    await expect(runStateAction({ kind: "restore", versionId: "v9" }, workspace(fakeS3({ pages: [VERSIONS_PAGE] })), io("yes"))).rejects.toThrow(
      /s3:\/\/orders-tfstate-333333333333\/prod\/platform.tfstate has no version v9; run "versions"/,
    );
  });

  it("refuses to restore the current version", async () => {
    await expect(runStateAction({ kind: "restore", versionId: "v2" }, workspace(fakeS3({ pages: [VERSIONS_PAGE] })), io("yes"))).rejects.toThrow(
      /version v2 is already the current state/,
    );
  });

  it("refuses while the state is locked, printing who holds it", async () => {
    await expect(runStateAction({ kind: "restore", versionId: "v1" }, workspace(fakeS3({ pages: [VERSIONS_PAGE], lock: LOCK })), io("yes"))).rejects.toThrow(
      /is locked; finish or release that run first:[\s\S]*Who: {7}runner@ci-42/,
    );
  });

  it("prints the plan and changes nothing when not confirmed", async () => {
    const out = io("no");
    const outcome = await runStateAction({ kind: "restore", versionId: "v1", backupFile: "b.tfstate" }, workspace(fakeS3({ pages: [VERSIONS_PAGE] })), out);
    expect(outcome).toEqual({ changed: false, confirmed: false });
    expect(out.printed.join("\n")).toContain("1. pull the current state of s3://orders-tfstate-333333333333/prod/platform.tfstate to b.tfstate");
    expect(out.printed.join("\n")).toContain("2. copy version v1 (2026-11-21T10:00:00.000Z, 1024 bytes)");
    expect(out.printed).toContain("not confirmed; nothing changed");
  });

  it("names the default backup after the environment and time", () => {
    expect(defaultBackupFile("prod", new Date("2026-11-22T20:00:00.5Z"))).toBe("prod-state-before-restore-2026-11-22T20-00-00-500Z.tfstate");
  });
});

describe("state unlock", () => {
  it("refuses when there is no lock", async () => {
    await expect(runStateAction({ kind: "unlock", lockId: "lock-1" }, workspace(fakeS3({})), io("yes"))).rejects.toThrow(/is not locked; nothing to release/);
  });

  it("refuses another lock's ID, printing the one held", async () => {
    await expect(runStateAction({ kind: "unlock", lockId: "lock-2" }, workspace(fakeS3({ lock: LOCK })), io("yes"))).rejects.toThrow(
      /is locked with ID lock-1, not lock-2:[\s\S]*Who: {7}runner@ci-42/,
    );
  });

  it("prints who held the lock and the command, and keeps it when not confirmed", async () => {
    const out = io("n");
    const outcome = await runStateAction({ kind: "unlock", lockId: "lock-1" }, workspace(fakeS3({ lock: LOCK })), out);
    expect(outcome).toEqual({ changed: false, confirmed: false });
    const text = out.printed.join("\n");
    expect(text).toContain("Who:       runner@ci-42");
    expect(text).toContain("Operation: OperationTypeApply");
    expect(text).toContain("unlock will run: terraform force-unlock -force lock-1");
    expect(out.printed).toContain("not confirmed; the lock is still held");
  });
});
