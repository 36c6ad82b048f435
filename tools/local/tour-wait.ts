/**
 * How long a tour step waits for something that should happen (a status, a webhook, an audit
 * record). On a quiet laptop each arrives within seconds; the bound only decides how long a broken
 * hop takes to be reported, so it is generous: the tour also runs beside the test tiers, on a
 * machine whose cores are all busy.
 */
export const TOUR_WAIT_MS = 45_000;

/** Polls `check` every `intervalMs` until it answers a value, or `timeoutMs` passed (then undefined). */
export async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs = TOUR_WAIT_MS, intervalMs = 300): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
