import { CloudwatchEventArchive } from "@cdktf/provider-aws/lib/cloudwatch-event-archive";
import { CloudwatchEventBus } from "@cdktf/provider-aws/lib/cloudwatch-event-bus";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Testing } from "cdktf";
import { environmentInputs, loadEnvironments } from "../../../envs";
import { PlatformStack } from "../../../stacks/platform-stack";
import { AWS_PROVIDER } from "../../../tools/terraform/versions";
import { Arguments, allEnvironments, findResource, readPolicy, resourcesOf, synthesizePlatform } from "../../support/synth";

/** What these tests read of the synthesized provider, backend, targets and subscriptions. */
type AwsProviderArguments = Arguments & { readonly endpoints: readonly Readonly<Record<string, string>>[] };
type S3BackendArguments = Arguments & { readonly endpoints: { readonly s3: string } };
type TargetArguments = Arguments & { readonly dead_letter_config: { readonly arn: string } };
type SubscriptionArguments = Arguments & { readonly endpoint: string };

describe.each(allEnvironments)("platform stack %s", (name, config) => {
  const stack = synthesizePlatform(config);

  it("pins the AWS provider to the version the bindings were generated from", () => {
    expect(stack.terraform.required_providers.aws).toEqual({ source: "aws", version: AWS_PROVIDER.version });
  });

  it("may only touch the environment's own account, in its region", () => {
    expect(stack.json).toHaveProviderWithProperties(AwsProvider, {
      region: config.region,
      allowed_account_ids: [config.accountId],
      max_retries: config.provider.maxRetries,
    });
  });

  it("tags every resource with project, environment, owner and cost centre", () => {
    expect(stack.provider.aws[0].default_tags).toEqual([
      {
        tags: expect.objectContaining({
          Project: "event-driven-orders",
          Environment: name,
          Owner: config.tags.owner,
          CostCentre: config.tags.costCentre,
          ...config.tags.extra,
        }),
      },
    ]);
  });

  it("keeps its state in its own encrypted, lock-file-locked S3 object", () => {
    expect(stack.terraform.backend.s3).toEqual(
      expect.objectContaining({
        bucket: config.stateBackend.bucket,
        key: config.stateBackend.key,
        region: config.stateBackend.region,
        encrypt: true,
        use_lockfile: true,
      }),
    );
    expect(stack.terraform.backend.s3).not.toHaveProperty("dynamodb_table");
  });

  it("creates the Orders, Inventory and Reviews buses, named from the prefix", () => {
    for (const bus of ["orders", "inventory", "reviews"]) {
      expect(stack.json).toHaveResourceWithProperties(CloudwatchEventBus, { name: `${config.namePrefix}-${bus}` });
    }
  });

  it("lets only the configured principals put events on each bus", () => {
    const policies = resourcesOf(stack, "aws_cloudwatch_event_bus_policy").map((p) => readPolicy(p.policy));
    expect(policies).toHaveLength(3);
    for (const policy of policies) {
      expect(policy.Statement).toEqual([
        expect.objectContaining({
          Effect: "Allow",
          Action: "events:PutEvents",
          Principal: { AWS: config.eventBuses.putEventsPrincipals.map((account) => `arn:aws:iam::${account}:root`) },
        }),
      ]);
    }
  });

  it("archives every event of each bus with the configured retention", () => {
    const archives = resourcesOf(stack, "aws_cloudwatch_event_archive");
    expect(archives.map((a) => a.name).sort()).toEqual([
      `${config.namePrefix}-inventory-archive`,
      `${config.namePrefix}-orders-archive`,
      `${config.namePrefix}-reviews-archive`,
    ]);
    expect(stack.json).toHaveResourceWithProperties(CloudwatchEventArchive, { retention_days: config.archiveRetentionDays });
    expect(archives.every((a) => a.event_pattern === undefined)).toBe(true);
  });

  it("audits every event of each bus into a log group with the configured retention", () => {
    for (const bus of ["orders", "inventory", "reviews"]) {
      expect(stack.json).toHaveResourceWithProperties(CloudwatchEventRule, {
        name: `${config.namePrefix}-${bus}-audit`,
        event_pattern: JSON.stringify({ source: [{ prefix: "" }] }),
      });
      expect(stack.json).toHaveResourceWithProperties(CloudwatchLogGroup, {
        name: `/aws/events/${config.namePrefix}/${config.namePrefix}-${bus}-audit`,
        retention_in_days: config.logRetentionDays,
      });
    }
  });

  it("gives every rule target the configured retry policy and its own DLQ", () => {
    const targets = resourcesOf<TargetArguments>(stack, "aws_cloudwatch_event_target");
    expect(targets.length).toBeGreaterThanOrEqual(2);
    for (const target of targets) {
      expect(target.retry_policy).toEqual({
        maximum_retry_attempts: config.delivery.retry.maximumRetryAttempts,
        maximum_event_age_in_seconds: config.delivery.retry.maximumEventAgeSeconds,
      });
      expect(target.dead_letter_config.arn).toMatch(/^\$\{aws_sqs_queue\..+\.arn\}$/);
    }
    const queues = new Set(targets.map((t) => t.dead_letter_config.arn));
    expect(queues.size).toBe(targets.length);
  });

  it("lets EventBridge write only to this environment's event log groups, only from its rules", () => {
    const [policy] = resourcesOf(stack, "aws_cloudwatch_log_resource_policy");
    expect(policy.policy_name).toBe(`${config.namePrefix}-eventbridge-to-logs`);
    const document = readPolicy(policy.policy_document);
    const logGroups = `arn:aws:logs:${config.region}:${config.accountId}:log-group:/aws/events/${config.namePrefix}/*:*`;
    expect(document.Statement.map((s) => s.Resource)).toEqual([logGroups, logGroups]);
    const putEvents = document.Statement.find((s) => s.Action === "logs:PutLogEvents");
    // The three audit rules and the inventory records rule.
    expect(putEvents!.Condition!.ArnEquals["aws:SourceArn"]).toHaveLength(4);
  });

  it("outputs what ops and the tests look up, under plain names", () => {
    expect(Object.keys(stack.output).sort()).toEqual(
      [
        "alarm_topic_arn",
        "inventory_audit_log_group",
        "inventory_bus_arn",
        "inventory_bus_name",
        "inventory_function_name",
        "inventory_log_group",
        "order_intake_arn",
        "order_status_api_id",
        "order_status_graphql_url",
        "order_status_identity_pool_id",
        "order_status_realtime_url",
        "order_status_table_name",
        "order_status_topic_arn",
        "order_status_view_table_name",
        "orders_api_caller_role_arn",
        "orders_api_id",
        "orders_api_invoke_url",
        "orders_api_stage",
        "orders_audit_log_group",
        "orders_bus_arn",
        "orders_bus_name",
        "orders_processing_arn",
        "customer_service_arn",
        "review_analysis_arn",
        "review_cases_table_name",
        "review_customer_service_topic_arn",
        "review_thank_you_topic_arn",
        "reviews_api_caller_role_arn",
        "reviews_api_id",
        "reviews_api_invoke_url",
        "reviews_api_stage",
        "reviews_audit_log_group",
        "reviews_bus_arn",
        "reviews_bus_name",
        "reviews_table_name",
      ].sort(),
    );
  });
});

describe("emulator settings", () => {
  const [, local] = allEnvironments.find(([name]) => name === "local")!;
  const [, dev] = allEnvironments.find(([name]) => name === "dev")!;

  it("points every provider endpoint and the state backend of local at the emulator", () => {
    const stack = synthesizePlatform(local);
    const endpoints = Object.values((stack.provider.aws[0] as AwsProviderArguments).endpoints[0]);
    expect(new Set(endpoints)).toEqual(new Set([local.emulator!.endpoint]));
    expect(stack.provider.aws[0]).toEqual(expect.objectContaining({ access_key: "test", secret_key: "test", insecure: true }));
    expect((stack.terraform.backend.s3 as S3BackendArguments).endpoints.s3).toBe(local.emulator!.endpoint);
  });

  it("leaves endpoints, credentials and TLS verification alone for real accounts", () => {
    const stack = synthesizePlatform(dev);
    for (const key of ["endpoints", "access_key", "secret_key", "insecure"]) {
      expect(stack.provider.aws[0]).not.toHaveProperty(key);
      expect(stack.terraform.backend.s3).not.toHaveProperty(key);
    }
    expect(stack.terraform.backend.s3.allowed_account_ids).toEqual([dev.accountId]);
  });
});

describe("a webhook subscriber with a secret endpoint", () => {
  const [, prod] = allEnvironments.find(([name]) => name === "prod")!;
  const webhooks = prod.statusUpdates.webhooks!;
  const [subscriber] = webhooks.subscribers;
  const secretConfig = {
    ...prod,
    statusUpdates: {
      ...prod.statusUpdates,
      webhooks: { ...webhooks, subscribers: [{ ...subscriber, endpoint: undefined, endpointFrom: { ssmParameter: "/orders/prod/partner-webhook-url" } }] },
    },
  };
  const stack = synthesizePlatform(secretConfig);
  const webhookTopic = findResource(stack, "aws_sns_topic", (topic) => topic.name === `${prod.namePrefix}-order-status`);
  const webhookSubscriptions = () =>
    resourcesOf<SubscriptionArguments>(stack, "aws_sns_topic_subscription").filter((subscription) => subscription.topic_arn === webhookTopic.ref("arn"));

  it("gets its URL from an SSM data source that Terraform reads at plan time", () => {
    const parameters = Object.entries<Record<string, unknown>>(JSON.parse(stack.json).data.aws_ssm_parameter);
    expect(parameters).toEqual([[expect.any(String), expect.objectContaining({ name: "/orders/prod/partner-webhook-url", with_decryption: true })]]);
    expect(webhookSubscriptions().map((subscription) => subscription.endpoint)).toEqual([`\${data.aws_ssm_parameter.${parameters[0][0]}.value}`]);
  });

  it("writes no webhook endpoint URL into cdk.tf.json", () => {
    expect(stack.json).not.toContain(subscriber.endpoint!);
    expect(webhookSubscriptions().filter((subscription) => /^https?:/.test(subscription.endpoint))).toEqual([]);
  });
});

describe("names at the longest the config accepts", () => {
  // Every name derived from these must fit its AWS limit, so no construct check can fire after config validation.
  const longest = Object.fromEntries(
    Object.entries(environmentInputs).map(([name, input]) => {
      const webhooks = input.statusUpdates.webhooks;
      const subscribers = webhooks.subscribers.map((subscriber, index) => ({ ...subscriber, name: `${"s".repeat(30)}${index}z` }));
      return [
        name,
        { ...input, namePrefix: `o${name}`.padEnd(23, "x").concat("z"), statusUpdates: { ...input.statusUpdates, webhooks: { ...webhooks, subscribers } } },
      ];
    }),
  );

  it.each(loadEnvironments(longest).map((config) => [config.name, config] as const))("synthesize %s", (_, config) => {
    expect(config.namePrefix).toHaveLength(24);
    expect(() => Testing.synth(new PlatformStack(Testing.app(), config.name, { config }))).not.toThrow();
  });
});
