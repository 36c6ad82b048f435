import { EnvironmentInput } from "./schema";
import { sharedOrderFlow, sharedRuleTargets, sharedTags } from "./shared";

/** Shared development account; the account id is a placeholder until the account exists. */
export const dev = {
  name: "dev",
  accountId: "111111111111",
  region: "eu-west-1",
  namePrefix: "orders-dev",
  tags: sharedTags,
  logRetentionDays: 14,
  archiveRetentionDays: 7,
  stateBackend: {
    bucket: "orders-tfstate-111111111111",
    key: "dev/platform.tfstate",
    region: "eu-west-1",
    protectFromDestroy: true,
    noncurrentVersionRetentionDays: 30,
  },
  provider: { maxRetries: 10 },
  eventBuses: {},
  ruleTargets: { ...sharedRuleTargets, maximumEventAgeSeconds: 3_600 },
  orderFlow: {
    ...sharedOrderFlow,
    workflow: { ...sharedOrderFlow.workflow, logLevel: "ALL", includeExecutionData: true },
    statusTable: { deletionProtection: false },
  },
} satisfies EnvironmentInput;
