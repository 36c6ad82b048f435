import { z } from "zod";
import { ALARM_EVALUATION_PERIODS, ALARM_EVALUATION_WINDOW_SECONDS_MAX, ALARM_HIGH_RESOLUTION_PERIODS } from "../modules/aws-limits";
import { ALARM_KIND_IDS, AlarmKindId } from "../modules/monitoring/alarm-kinds";

/** What pages ops: which alarm kinds exist, their thresholds and windows, and who is notified. */

const PERIOD_ALLOWED = `${ALARM_HIGH_RESOLUTION_PERIODS.join(", ")} or a multiple of 60 seconds, at most ${ALARM_EVALUATION_WINDOW_SECONDS_MAX}`;
const periodSchema = z
  .int({ error: PERIOD_ALLOWED })
  .refine((seconds) => ((ALARM_HIGH_RESOLUTION_PERIODS as readonly number[]).includes(seconds) || seconds % 60 === 0) && seconds > 0, { error: PERIOD_ALLOWED })
  .refine((seconds) => seconds <= ALARM_EVALUATION_WINDOW_SECONDS_MAX, { error: PERIOD_ALLOWED });

const EVALUATION_ALLOWED = `an integer from ${ALARM_EVALUATION_PERIODS.min} to ${ALARM_EVALUATION_PERIODS.max}`;
const evaluationPeriodsSchema = z
  .int({ error: EVALUATION_ALLOWED })
  .min(ALARM_EVALUATION_PERIODS.min, { error: EVALUATION_ALLOWED })
  .max(ALARM_EVALUATION_PERIODS.max, { error: EVALUATION_ALLOWED });

const THRESHOLD_ALLOWED = "a finite number of 0 or more, in the kind's unit";
const kindSchema = z.strictObject({
  /** false: the kind's alarms are not created in this environment. */
  enabled: z.boolean(),
  /** The alarm fires when the metric is above this (messages, seconds, milliseconds or a count). */
  threshold: z.number({ error: THRESHOLD_ALLOWED }).min(0, { error: THRESHOLD_ALLOWED }).finite({ error: THRESHOLD_ALLOWED }),
  /** @default - the block's evaluationPeriods */
  evaluationPeriods: evaluationPeriodsSchema.optional(),
  /** @default - the block's periodSeconds */
  periodSeconds: periodSchema.optional(),
});

const kindsSchema = z.strictObject(Object.fromEntries(ALARM_KIND_IDS.map((kind) => [kind, kindSchema])) as Record<AlarmKindId, typeof kindSchema>);

const SUBSCRIBER_NAME_ALLOWED = "2-32 lowercase letters, digits or hyphens, starting with a letter";
/** Short name: the subscription's id and the name of its dead-letter queue. */
const subscriberNameSchema = z.string({ error: SUBSCRIBER_NAME_ALLOWED }).regex(/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/, { error: SUBSCRIBER_NAME_ALLOWED });

export const subscriberSchema = z.discriminatedUnion(
  "protocol",
  [
    z.strictObject({
      name: subscriberNameSchema,
      protocol: z.literal("email"),
      endpoint: z.email({ error: "an email address" }),
    }),
    z.strictObject({
      name: subscriberNameSchema,
      /** A pager or a chat webhook: always https, alarms name resources and accounts. */
      protocol: z.literal("https"),
      endpoint: z.url({ protocol: /^https$/, error: "an https:// URL" }),
    }),
  ],
  { error: 'a subscriber with protocol "email" or "https"' },
);

export const alarmsSchema = z
  .strictObject({
    /** Seconds per data point of every alarm, unless a kind sets its own. */
    periodSeconds: periodSchema,
    /** Consecutive breaching periods before an alarm fires, unless a kind sets its own. */
    evaluationPeriods: evaluationPeriodsSchema,
    /** Every alarm kind (modules/monitoring/alarm-kinds.ts), each on or off with its threshold. */
    kinds: kindsSchema,
    topic: z.strictObject({
      /** "kms": a customer-managed key CloudWatch may use for this environment's alarms only; "none" only on the emulator. */
      encryption: z.enum(["kms", "none"]),
      subscribers: z.array(subscriberSchema),
    }),
  })
  .superRefine((alarms, context) => {
    for (const kind of ALARM_KIND_IDS) {
      const settings = alarms.kinds[kind];
      const evaluationPeriods = settings.evaluationPeriods ?? alarms.evaluationPeriods;
      const window = evaluationPeriods * (settings.periodSeconds ?? alarms.periodSeconds);
      if (window > ALARM_EVALUATION_WINDOW_SECONDS_MAX) {
        context.addIssue({
          code: "custom",
          path: ["kinds", kind, "evaluationPeriods"],
          params: { value: evaluationPeriods },
          message: `evaluation periods whose total (here ${window} seconds) is at most ${ALARM_EVALUATION_WINDOW_SECONDS_MAX} seconds`,
        });
      }
    }
  });
