import { hostname } from "node:os";
import { describeHeldLock, holderIsGone, lockInOutput, unlockCommand } from "../../../../tools/terraform/state-lock";

/** What terraform 1.11 prints when the S3 lock file exists (use_lockfile). */
const LOCK_ERROR = `
Error: Error acquiring the state lock

Error message: operation error S3: PutObject, https response error StatusCode: 412, RequestID: x, api error PreconditionFailed: At least one of the pre-conditions you specified did not hold
Lock Info:
  ID:        3f5c2b1e-9a0d-4c6e-8f7a-1b2c3d4e5f60
  Path:      orders-local-terraform-state/local/terraform.tfstate
  Operation: OperationTypeApply
  Who:       dev@${hostname()}
  Version:   1.11.4
  Created:   2026-12-02 06:00:00.123456789 +0000 UTC
  Info:
`;

describe("a held state lock", () => {
  const lock = lockInOutput(LOCK_ERROR)!;

  it("is read from terraform's error: id, holder, operation and when it was taken", () => {
    expect(lock).toEqual({
      id: "3f5c2b1e-9a0d-4c6e-8f7a-1b2c3d4e5f60",
      who: `dev@${hostname()}`,
      operation: "OperationTypeApply",
      created: new Date("2026-12-02T06:00:00.123Z"),
    });
  });

  it("is not found in other errors", () => {
    expect(lockInOutput("Error: creating SQS Queue: AccessDenied")).toBeUndefined();
  });

  it("is explained with its id, holder, age and the exact command that releases it", () => {
    const text = describeHeldLock("local", lock, new Date("2026-12-02T06:42:00Z"));
    expect(text).toContain("lock 3f5c2b1e-9a0d-4c6e-8f7a-1b2c3d4e5f60");
    expect(text).toContain(`held by dev@${hostname()} (OperationTypeApply), age 42 min`);
    expect(text).toContain("  npm run state -- local unlock 3f5c2b1e-9a0d-4c6e-8f7a-1b2c3d4e5f60");
    expect(unlockCommand("dev", lock)).toBe("npm run state -- dev unlock 3f5c2b1e-9a0d-4c6e-8f7a-1b2c3d4e5f60");
  });

  it("counts as gone only when taken on this machine and no terraform runs in the stack directory", () => {
    expect(holderIsGone("/nonexistent/stack", lock)).toBe(true);
    expect(holderIsGone("/nonexistent/stack", { ...lock, who: "ci@another-host" })).toBe(false);
  });
});
