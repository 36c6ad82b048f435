import type { AlarmKindId } from "./alarm-kinds";

/** How one alarm kind is evaluated, and whether it exists at all. */
export interface AlarmKindSettings {
  readonly enabled: boolean;
  /** Compared with the metric's statistic; in the kind's unit (messages, seconds, milliseconds, counts). */
  readonly threshold: number;
  /** @default - the shared `evaluationPeriods` */
  readonly evaluationPeriods?: number;
  /** @default - the shared `periodSeconds` */
  readonly periodSeconds?: number;
}

/** Alarm settings of one environment (validated by the environment schema). */
export interface AlarmSettings {
  /** Seconds per data point: 10, 20, 30 or a multiple of 60. */
  readonly periodSeconds: number;
  /** How many consecutive breaching periods raise the alarm. */
  readonly evaluationPeriods: number;
  readonly kinds: Readonly<Record<AlarmKindId, AlarmKindSettings>>;
}

/** The settings a kind is evaluated with, shared values filled in. */
export function settingsFor(settings: AlarmSettings, kind: AlarmKindId): Required<AlarmKindSettings> {
  const own = settings.kinds[kind];
  return {
    enabled: own.enabled,
    threshold: own.threshold,
    evaluationPeriods: own.evaluationPeriods ?? settings.evaluationPeriods,
    periodSeconds: own.periodSeconds ?? settings.periodSeconds,
  };
}
