import type { ConfigIssue } from "./config-error";
import type { EnvironmentConfig } from "./schema";

/**
 * What some environments may never do, whatever their files say. Kept as data here, beside the
 * environment files, so modules never ask which environment they are in.
 */
export interface Guardrail {
  /** Environments the rule applies to. */
  readonly environments: readonly string[] | "not on the emulator" | "every environment";
  readonly check: (config: EnvironmentConfig) => ConfigIssue[];
}

export const GUARDRAILS: readonly Guardrail[] = [
  {
    // Order data never crosses the internet in clear text from a production-like account.
    environments: ["staging", "prod"],
    check: (config) =>
      (config.statusUpdates.webhooks?.subscribers ?? []).flatMap((subscriber, index) =>
        subscriber.protocol === "http" || subscriber.endpoint?.startsWith("http:")
          ? [
              issue(
                config,
                `statusUpdates.webhooks.subscribers.${index}.${subscriber.endpoint === undefined ? "protocol" : "endpoint"}`,
                subscriber.endpoint ?? subscriber.protocol,
                `an https endpoint (${config.name} never sends webhooks over plain http)`,
              ),
            ]
          : [],
      ),
  },
  {
    // Long-lived shared secrets are not an auth mode for production clients.
    environments: ["prod"],
    check: (config) =>
      config.statusUpdates.realtime?.apiKey
        ? [issue(config, "statusUpdates.realtime.apiKey", config.statusUpdates.realtime.apiKey, "no API key in prod (guests use the Cognito identity pool)")]
        : [],
  },
  {
    // Production passes every policy rule or suppresses it with a reason on the construct.
    environments: ["prod"],
    check: (config) =>
      config.policy.warnings.length > 0
        ? [
            issue(
              config,
              "policy.warnings",
              config.policy.warnings,
              "no warnings in prod: every policy rule fails synth there (suppress a finding on its construct, with a reason)",
            ),
          ]
        : [],
  },
  {
    // A lost table, queue or archive in production is never an unreviewed side effect of a change.
    environments: ["prod"],
    check: (config) =>
      config.planReview.blockStatefulChanges
        ? []
        : [issue(config, "planReview.blockStatefulChanges", false, "true (prod plans that delete or replace stateful resources need --allow-destructive)")],
  },
  {
    // Wider access in a production-like account is always approved by a person, never a side effect.
    environments: ["staging", "prod"],
    check: (config) =>
      config.planReview.blockPermissionBroadening
        ? []
        : [
            issue(
              config,
              "planReview.blockPermissionBroadening",
              false,
              `true (${config.name} plans that broaden permissions need --allow-permission-broadening)`,
            ),
          ],
  },
  {
    environments: "not on the emulator",
    check: (config) =>
      config.statusUpdates.webhooks?.topicEncryption === "none"
        ? [issue(config, "statusUpdates.webhooks.topicEncryption", "none", `"kms" (only the emulator environment may leave the topic unencrypted)`)]
        : [],
  },
  {
    environments: "not on the emulator",
    check: (config) =>
      config.alarms.topic.encryption === "none"
        ? [issue(config, "alarms.topic.encryption", "none", `"kms" (only the emulator environment may leave the alarm topic unencrypted)`)]
        : [],
  },
  {
    environments: "not on the emulator",
    check: (config) =>
      (["thankYou", "customerService"] as const).flatMap((channel) =>
        config.reviews.enabled && config.reviews[channel].encryption === "none"
          ? [
              issue(
                config,
                `reviews.${channel}.encryption`,
                "none",
                `"kms" (only the emulator environment may leave a reviews topic unencrypted: it carries reviewers' addresses)`,
              ),
            ]
          : [],
      ),
  },
  {
    // A case nobody is told about can only ever escalate.
    environments: ["staging", "prod"],
    check: (config) =>
      config.reviews.enabled && config.reviews.customerService.subscribers.length === 0
        ? [issue(config, "reviews.customerService.subscribers", [], `at least one subscriber (${config.name} cases must reach an agent)`)]
        : [],
  },
  {
    // A dead letter must page while it can still be replayed, not after it expired.
    environments: "every environment",
    check: (config) => {
      const age = config.alarms.kinds["queue-oldest-message-age"];
      const retention = config.delivery.deadLetterRetentionSeconds;
      return age.enabled && age.threshold >= retention
        ? [
            issue(
              config,
              "alarms.kinds.queue-oldest-message-age.threshold",
              age.threshold,
              `fewer seconds than delivery.deadLetterRetentionSeconds (${retention})`,
            ),
          ]
        : [];
    },
  },
];

export function guardrailIssues(config: EnvironmentConfig): ConfigIssue[] {
  return GUARDRAILS.filter((rule) => appliesTo(rule, config)).flatMap((rule) => rule.check(config));
}

function appliesTo(rule: Guardrail, config: EnvironmentConfig): boolean {
  if (rule.environments === "every environment") return true;
  return rule.environments === "not on the emulator" ? config.deployTarget !== "emulator" : rule.environments.includes(config.name);
}

function issue(config: EnvironmentConfig, field: string, value: unknown, allowed: string): ConfigIssue {
  return { environment: config.name, field, value, allowed };
}
