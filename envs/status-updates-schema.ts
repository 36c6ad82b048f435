import { z } from "zod";
import { API_GATEWAY_BURST_LIMIT, API_GATEWAY_RATE_LIMIT, APPSYNC_API_KEY_DAYS, RENEWAL_WINDOW_DAYS, SNS_SUCCESS_SAMPLE_RATE } from "../modules/aws-limits";
import { DeliveryPolicy } from "../modules/sns-delivery-policy";
import { filterPolicyProblems } from "../modules/sns-filter-policy";
import { principalSchema } from "./principals";

/**
 * How clients learn an order's status: polling, webhooks, real time.
 * Each pattern is switched on by giving its block and off by leaving it out.
 */

const integerIn = (range: { min: number; max: number }) => {
  const allowed = `an integer from ${range.min} to ${range.max}`;
  return z.int({ error: allowed }).min(range.min, { error: allowed }).max(range.max, { error: allowed });
};

export const pollingSchema = z.strictObject({
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
  /**
   * Who may assume the API's caller role, the only identity allowed to invoke it: accounts (any of
   * their identities their own admins allow) or single IAM roles/users.
   */
  callers: z.array(principalSchema).min(1, { error: "at least one principal (nobody else can call the API)" }),
});

const slug = (allowed: string) => z.string({ error: allowed }).regex(/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/, { error: allowed });

/** Built in the environment file with the construct's own factories; their problems become config issues here. */
const deliveryPolicySchema = z
  .custom<DeliveryPolicy>((value) => value instanceof DeliveryPolicy, {
    error: "a DeliveryPolicy built with DeliveryPolicy.exponential(...), .linear, .arithmetic or .geometric",
  })
  .superRefine((policy, ctx) => {
    for (const problem of policy.problems) {
      ctx.addIssue({ code: "custom", path: problem.field.split("."), message: problem.allowed, params: { value: problem.value } });
    }
  });

/** Words of query parameter names that carry credentials: such a URL would sit in cdk.tf.json, plans and state. */
const SECRET_QUERY_WORDS = new Set([
  "token",
  "secret",
  "password",
  "passwd",
  "pwd",
  "key",
  "apikey",
  "sig",
  "signature",
  "auth",
  "credential",
  "credentials",
  "session",
]);

/** `X-Api-Key` -> x, api, key; `accessToken` -> access, token. */
const isSecretQueryKey = (key: string) =>
  key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .some((word) => SECRET_QUERY_WORDS.has(word));

const parsedUrl = (text: string): URL | undefined => (URL.canParse(text) ? new URL(text) : undefined);

const endpointUrlSchema = z
  .url({ protocol: /^https?$/, error: "an http:// or https:// URL" })
  .refine((url) => !parsedUrl(url)?.username && !parsedUrl(url)?.password, {
    error: "a URL without user:password@ (give a secret endpoint with endpointFrom, read from SSM or Secrets Manager at plan time)",
  })
  .refine((url) => ![...(parsedUrl(url)?.searchParams.keys() ?? [])].some(isSecretQueryKey), {
    error: "a URL without a token, key, signature or password in its query (give a secret endpoint with endpointFrom)",
  });

/** Where Terraform reads a secret endpoint URL at plan time; only the name is in the code. */
const endpointFromSchema = z.union(
  [
    z.strictObject({ ssmParameter: z.string().regex(/^\/?[A-Za-z0-9_./-]{1,1011}$/) }),
    z.strictObject({ secretsManagerSecret: z.string().regex(/^[A-Za-z0-9/_+=.@:-]{1,2048}$/) }),
  ],
  { error: '{ ssmParameter: "/parameter/name" } or { secretsManagerSecret: "secret-name-or-arn" }' },
);

const filterPolicySchema = z.record(z.string(), z.unknown()).superRefine((policy, context) => {
  for (const problem of filterPolicyProblems(policy)) {
    context.addIssue({ code: "custom", message: `an SNS filter policy within SNS's limits; this one ${problem}` });
  }
});

const subscriberSchema = z
  .strictObject({
    /** Short name: the subscription's id and the name of its dead-letter queue; unique per topic. */
    name: slug("2-32 lowercase letters, digits or hyphens, starting with a letter"),
    protocol: z.enum(["http", "https"]),
    /** The URL SNS POSTs to; no credentials in it. Exactly one of endpoint and endpointFrom. */
    endpoint: endpointUrlSchema.optional(),
    /** A secret endpoint URL kept in SSM Parameter Store or Secrets Manager, read by Terraform at plan time. */
    endpointFrom: endpointFromSchema.optional(),
    /** SNS filter policy on the message body (the fields of OrderStatusMessage). @default - every status */
    filterPolicy: filterPolicySchema.optional(),
    /** Deliver the message as is, without SNS's JSON envelope and signature fields. */
    rawMessageDelivery: z.boolean(),
    deliveryPolicy: deliveryPolicySchema,
  })
  .superRefine((subscriber, context) => {
    if ((subscriber.endpoint === undefined) === (subscriber.endpointFrom === undefined)) {
      const path = [subscriber.endpoint === undefined ? "endpoint" : "endpointFrom"];
      context.addIssue({ code: "custom", path, message: "exactly one of endpoint (a URL) and endpointFrom (a secret holding the URL)" });
    }
    if (subscriber.endpoint !== undefined && !subscriber.endpoint.startsWith(`${subscriber.protocol}:`)) {
      context.addIssue({
        code: "custom",
        path: ["endpoint"],
        message: `a ${subscriber.protocol}:// URL (the scheme must equal protocol "${subscriber.protocol}")`,
      });
    }
  });

const webhooksSchema = z.strictObject({
  /** "kms": a customer-managed key the status rule may use; "none" is allowed only on the emulator. */
  topicEncryption: z.enum(["kms", "none"]),
  /** Percentage of successful HTTP deliveries SNS logs (every failure is logged). */
  successSampleRate: integerIn(SNS_SUCCESS_SAMPLE_RATE),
  subscribers: z.array(subscriberSchema).superRefine((subscribers, context) => {
    subscribers.forEach((subscriber, index) => {
      const first = subscribers.findIndex((other) => other.name === subscriber.name);
      if (first !== index) {
        context.addIssue({
          code: "custom",
          path: [index, "name"],
          message: `a name no other subscriber of the topic has; subscriber ${first} is also "${subscriber.name}"`,
        });
      }
    });
  }),
});

const realtimeSchema = z.strictObject({
  /** AppSync field-level logging: ERROR in production, ALL where resolver traces help. */
  fieldLogLevel: z.enum(["ERROR", "ALL"]),
  /** An API key as an additional auth mode (never in prod). @default - IAM only, guests via Cognito */
  apiKey: z
    .strictObject({
      expiresInDays: integerIn(APPSYNC_API_KEY_DAYS),
      /** The first apply this many days after the last renewal extends the key (modules/renewal-window.ts). */
      renewEveryDays: integerIn(RENEWAL_WINDOW_DAYS),
    })
    .superRefine((apiKey, ctx) => {
      if (apiKey.renewEveryDays < apiKey.expiresInDays) return;
      ctx.addIssue({
        code: "custom",
        path: ["renewEveryDays"],
        message: `an integer less than expiresInDays (${apiKey.expiresInDays}), so a renewed key never lapses between applies`,
      });
    })
    .optional(),
});

export const statusUpdatesSchema = z.strictObject({
  /** REST API: POST /orders, GET /orders/{id}/status, GET /orders/{id}. @default - off */
  polling: pollingSchema.optional(),
  /** SNS topic with HTTP(S) subscribers. @default - off */
  webhooks: webhooksSchema.optional(),
  /** AppSync API whose subscription fires when the bus calls its mutation. @default - off */
  realtime: realtimeSchema.optional(),
});
