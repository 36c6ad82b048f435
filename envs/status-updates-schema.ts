import { z } from "zod";
import { API_GATEWAY_BURST_LIMIT, API_GATEWAY_RATE_LIMIT, APPSYNC_API_KEY_DAYS, SNS_SUCCESS_SAMPLE_RATE } from "../modules/aws-limits";
import { DeliveryPolicy } from "../modules/sns-delivery-policy";

/**
 * How clients learn an order's status: polling, webhooks, real time.
 * Each pattern is switched on by giving its block and off by leaving it out.
 */

const integerIn = (range: { min: number; max: number }) => {
  const allowed = `an integer from ${range.min} to ${range.max}`;
  return z.int({ error: allowed }).min(range.min, { error: allowed }).max(range.max, { error: allowed });
};

const pollingSchema = z.strictObject({
  /** Stage-wide throttling: steady requests per second and burst size. */
  throttling: z.strictObject({
    rateLimit: z
      .number({ error: `a number of requests per second above 0, at most ${API_GATEWAY_RATE_LIMIT.max}` })
      .gt(0, { error: `a number of requests per second above 0, at most ${API_GATEWAY_RATE_LIMIT.max}` })
      .max(API_GATEWAY_RATE_LIMIT.max, { error: `a number of requests per second above 0, at most ${API_GATEWAY_RATE_LIMIT.max}` }),
    burstLimit: integerIn(API_GATEWAY_BURST_LIMIT),
  }),
  /**
   * API Gateway writes logs through one role per account and region (`aws_api_gateway_account`).
   * True where this environment owns that setting; false where another stack already manages it.
   */
  manageAccountLoggingRole: z.boolean(),
});

const slug = (allowed: string) => z.string({ error: allowed }).regex(/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/, { error: allowed });

/** Built in the environment file with the construct's own factories, which validate it (once). */
const deliveryPolicySchema = z.custom<DeliveryPolicy>((value) => value instanceof DeliveryPolicy, {
  error: "a DeliveryPolicy built with DeliveryPolicy.exponential(...), .linear, .arithmetic or .geometric",
});

const subscriberSchema = z.strictObject({
  /** Short name: the subscription's id and the name of its dead-letter queue. */
  name: slug("2-32 lowercase letters, digits or hyphens, starting with a letter"),
  protocol: z.enum(["http", "https"]),
  endpoint: z.url({ protocol: /^https?$/, error: "an http:// or https:// URL" }),
  /** SNS filter policy on the message body (the fields of OrderStatusMessage). @default - every status */
  filterPolicy: z.record(z.string(), z.unknown()).optional(),
  /** Deliver the message as is, without SNS's JSON envelope and signature fields. */
  rawMessageDelivery: z.boolean(),
  deliveryPolicy: deliveryPolicySchema,
});

const webhooksSchema = z.strictObject({
  /** "kms": a customer-managed key the status rule may use; "none" is allowed only on the emulator. */
  topicEncryption: z.enum(["kms", "none"]),
  /** Percentage of successful HTTP deliveries SNS logs (every failure is logged). */
  successSampleRate: integerIn(SNS_SUCCESS_SAMPLE_RATE),
  subscribers: z.array(subscriberSchema),
});

const realtimeSchema = z.strictObject({
  /** AppSync field-level logging: ERROR in production, ALL where resolver traces help. */
  fieldLogLevel: z.enum(["ERROR", "ALL"]),
  /** An API key as an additional auth mode (never in prod). @default - IAM only, guests via Cognito */
  apiKey: z.strictObject({ expiresInDays: integerIn(APPSYNC_API_KEY_DAYS) }).optional(),
});

export const statusUpdatesSchema = z.strictObject({
  /** REST API: POST /orders, GET /orders/{id}/status, GET /orders/{id}. @default - off */
  polling: pollingSchema.optional(),
  /** SNS topic with HTTP(S) subscribers. @default - off */
  webhooks: webhooksSchema.optional(),
  /** AppSync API whose subscription fires when the bus calls its mutation. @default - off */
  realtime: realtimeSchema.optional(),
});
