import { EnvironmentInput } from "./schema";
import { sharedOrderFlow, sharedRuleTargets, sharedTags } from "./shared";

/** Production-like account for release candidates; placeholder account id. */
export const staging = {
  name: "staging",
  accountId: "222222222222",
  region: "eu-west-1",
  namePrefix: "orders-staging",
  tags: sharedTags,
  logRetentionDays: 30,
  archiveRetentionDays: 30,
  stateBackend: {
    bucket: "orders-tfstate-222222222222",
    key: "staging/platform.tfstate",
    region: "eu-west-1",
    protectFromDestroy: true,
    noncurrentVersionRetentionDays: 90,
  },
  provider: { maxRetries: 25 },
  eventBuses: {},
  ruleTargets: sharedRuleTargets,
  orderFlow: sharedOrderFlow,
} satisfies EnvironmentInput;
