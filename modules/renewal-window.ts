import { Fn, Op } from "cdktf";
import { RENEWAL_WINDOW_DAYS } from "./aws-limits";

/**
 * An expiry that the deployment itself renews, without a scheduler or the hashicorp/time provider.
 *
 * Each month is cut into windows of `renewEveryDays` days starting on day 1 (the last window of a
 * month may be shorter). The expiry is the start of the plan's window plus `validDays`, so:
 * - every plan within a window computes the same expiry: no diff, nothing to ignore;
 * - the first apply in a new window moves the expiry forward (an in-place update, same key);
 * - at any apply at least `validDays - renewEveryDays` days remain, so a key lapses only when
 *   nobody applies for that long.
 * `plantimestamp()` is known while planning (unlike `timestamp()`), so plans show the real value.
 */
export interface RenewalWindow {
  /** Days from the start of a window until expiry. */
  readonly validDays: number;
  /** Length of a window in days: at most 28 (every month has them all), less than validDays. */
  readonly renewEveryDays: number;
}

const RENEWAL_WINDOW_MAX_DAYS = RENEWAL_WINDOW_DAYS.max;

/** What is wrong with a window, as "field is value; allowed: ..." texts; empty when usable. */
export function renewalWindowProblems(window: RenewalWindow): string[] {
  const most = Math.min(RENEWAL_WINDOW_MAX_DAYS, window.validDays - 1);
  const ok = Number.isInteger(window.renewEveryDays) && window.renewEveryDays >= 1 && window.renewEveryDays <= most;
  return ok ? [] : [`renewEveryDays is ${window.renewEveryDays}; allowed: an integer from 1 to ${most} (at most 28, less than the days a key is valid)`];
}

/** The Terraform expression of the expiry, evaluated at `now` (an RFC 3339 expression). */
export function renewedExpiry(window: RenewalWindow, now: string = Fn.plantimestamp()): string {
  const day = Fn.tonumber(Fn.formatdate("D", now));
  const windowStartDay = Op.add(Op.mul(Fn.floor(Op.div(Op.sub(day, 1), window.renewEveryDays)), window.renewEveryDays), 1);
  const windowStart = Fn.format("%s-%02dT00:00:00Z", [Fn.formatdate("YYYY-MM", now), windowStartDay]);
  return Fn.timeadd(windowStart, `${window.validDays * 24}h`);
}

/** The same computation in TypeScript, for tests and for tools that tell when a key lapses. */
export function renewedExpiryAt(window: RenewalWindow, now: Date): Date {
  const windowStartDay = Math.floor((now.getUTCDate() - 1) / window.renewEveryDays) * window.renewEveryDays + 1;
  const windowStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), windowStartDay);
  return new Date(windowStart + window.validDays * 24 * 3_600_000);
}
