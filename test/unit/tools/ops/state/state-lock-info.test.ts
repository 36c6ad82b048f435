import { describeLock, formatAge, parseLockInfo } from "../../../../../tools/ops/state/lock-info";

// What Terraform 1.11's S3 backend writes to <key>.tflock (use_lockfile = true).
const TERRAFORM_LOCK = JSON.stringify({
  ID: "6f1f1a52-6c1e-2b4a-0c1d-3e2f1a0b9c8d",
  Operation: "OperationTypeApply",
  Info: "",
  Who: "runner@ci-42",
  Version: "1.11.4",
  Created: "2026-11-22T18:00:00.123456789Z",
  Path: "orders-tfstate-333333333333/prod/platform.tfstate",
});

describe("Terraform lock info", () => {
  it("reads ID, Who, Operation, Created and the optional fields", () => {
    expect(parseLockInfo(TERRAFORM_LOCK, "lock")).toEqual({
      id: "6f1f1a52-6c1e-2b4a-0c1d-3e2f1a0b9c8d",
      who: "runner@ci-42",
      operation: "OperationTypeApply",
      created: "2026-11-22T18:00:00.123456789Z",
      version: "1.11.4",
      path: "orders-tfstate-333333333333/prod/platform.tfstate",
      info: undefined,
    });
  });

  it("fails on text that is not JSON, naming the source", () => {
    expect(() => parseLockInfo("not json", "s3://b/k.tflock")).toThrow(/s3:\/\/b\/k.tflock is not Terraform lock info JSON/);
  });

  it("fails on JSON that is not an object", () => {
    expect(() => parseLockInfo("[1]", "lock")).toThrow(/lock is not a JSON object/);
  });

  it("fails when a required field is missing or empty", () => {
    expect(() => parseLockInfo(JSON.stringify({ ID: "x", Who: "", Operation: "o", Created: "c" }), "lock")).toThrow(/lock has no "Who"/);
    expect(() => parseLockInfo(JSON.stringify({ Who: "w", Operation: "o", Created: "c" }), "lock")).toThrow(/lock has no "ID"/);
  });

  it("fails when a field is not a string", () => {
    expect(() => parseLockInfo(JSON.stringify({ ID: 7, Who: "w", Operation: "o", Created: "c" }), "lock")).toThrow(/field "ID" is number, expected a string/);
  });

  it("describes who holds the lock, what for, and how long ago", () => {
    const text = describeLock(parseLockInfo(TERRAFORM_LOCK, "lock"), new Date("2026-11-22T20:30:00Z"));
    expect(text).toContain("Who:       runner@ci-42");
    expect(text).toContain("Operation: OperationTypeApply");
    expect(text).toContain("Created:   2026-11-22T18:00:00.123456789Z (2 h 29 min ago)");
    expect(text).toContain("ID:        6f1f1a52-6c1e-2b4a-0c1d-3e2f1a0b9c8d");
  });

  it("formats ages in minutes, hours, then days", () => {
    expect(formatAge(5 * 60_000)).toBe("5 min");
    expect(formatAge(-1)).toBe("0 min");
    expect(formatAge(3 * 3_600_000 + 60_000)).toBe("3 h 1 min");
    expect(formatAge(72 * 3_600_000)).toBe("3 days");
  });
});
