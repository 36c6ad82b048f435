import { RenewalWindow, renewalWindowProblems, renewedExpiryAt } from "../../../modules/renewal-window";

const WEEKLY: RenewalWindow = { validDays: 30, renewEveryDays: 7 };
const at = (iso: string) => new Date(iso);
const expiryAt = (iso: string) => renewedExpiryAt(WEEKLY, at(iso)).toISOString();
const DAY_MS = 86_400_000;

describe("an expiry the deployment renews", () => {
  it("is the same for every apply within a window, so a plan shows no change", () => {
    const expiries = ["2026-03-08T00:00:00Z", "2026-03-10T13:45:00Z", "2026-03-14T23:59:59Z"].map(expiryAt);
    expect(new Set(expiries)).toEqual(new Set(["2026-04-07T00:00:00.000Z"]));
  });

  it("moves forward with the first apply of the next window", () => {
    expect(expiryAt("2026-03-14T23:59:59Z")).toBe("2026-04-07T00:00:00.000Z");
    expect(expiryAt("2026-03-15T00:00:00Z")).toBe("2026-04-14T00:00:00.000Z");
  });

  it("starts a new month with a new window: the month's short last window is followed by day 1", () => {
    expect(expiryAt("2026-01-31T12:00:00Z")).toBe("2026-02-28T00:00:00.000Z");
    expect(expiryAt("2026-02-01T00:00:00Z")).toBe("2026-03-03T00:00:00.000Z");
  });

  it("leaves at least validDays - renewEveryDays days at every apply, all year round", () => {
    let least = Number.POSITIVE_INFINITY;
    for (let time = Date.UTC(2026, 0, 1); time < Date.UTC(2027, 0, 1); time += 3_600_000) {
      least = Math.min(least, renewedExpiryAt(WEEKLY, new Date(time)).getTime() - time);
    }
    expect(least).toBeGreaterThanOrEqual((WEEKLY.validDays - WEEKLY.renewEveryDays) * DAY_MS);
  });

  it.each([
    [{ validDays: 30, renewEveryDays: 30 }, /renewEveryDays is 30; allowed: an integer from 1 to 28/],
    [{ validDays: 7, renewEveryDays: 7 }, /renewEveryDays is 7; allowed: an integer from 1 to 6/],
    [{ validDays: 30, renewEveryDays: 2.5 }, /renewEveryDays is 2.5/],
  ])("refuses a window that could let a key lapse between renewals: %p", (window, message) => {
    expect(renewalWindowProblems(window)).toEqual([expect.stringMatching(message)]);
  });

  it("accepts a weekly window for a 30-day key", () => {
    expect(renewalWindowProblems(WEEKLY)).toEqual([]);
  });
});
