import { CUSTOMER_SERVICE_PATTERN, REVIEW_SUBMITTED_PATTERN, THANK_YOU_PATTERN } from "../../../reviews/events/patterns";
import { REVIEW_FIELDS } from "../../../reviews/events/reviews";
import { Arguments, allEnvironments, findResource, readPolicy, resourcesOf, synthesizePlatform, workflowDefinition } from "../../support/synth";

/** The arguments of the rules, targets and alarms these tests read. */
type RuleArguments = Arguments & { readonly event_pattern: string };
type TargetArguments = Arguments & {
  readonly arn: string;
  readonly dead_letter_config: { readonly arn: string };
  readonly retry_policy: { readonly maximum_retry_attempts: number };
  readonly input_transformer: { readonly input_paths: Readonly<Record<string, string>>; readonly input_template: string };
};
type AlarmArguments = Arguments & { readonly dimensions?: Readonly<Record<string, string>> };

describe.each(allEnvironments)("reviews flow in %s", (_, config) => {
  const stack = synthesizePlatform(config);
  const prefix = config.namePrefix;
  const named = <R extends Arguments = Arguments>(type: string, name: string, key = "name") => findResource<R>(stack, type, (r) => r[key] === name);
  const rule = (name: string) =>
    findResource<RuleArguments>(stack, "aws_cloudwatch_event_rule", (r) => r.name === name && r.event_bus_name === bus.ref("name"));
  const targetOf = (ruleName: string) =>
    findResource<TargetArguments>(stack, "aws_cloudwatch_event_target", (t) => t.rule === rule(ruleName).ref("name")).resource;
  const statementsOf = (roleName: string) => {
    const role = named("aws_iam_role", roleName);
    return readPolicy(findResource(stack, "aws_iam_role_policy", (p) => p.role === role.ref("id")).resource.policy).Statement;
  };
  const bus = named("aws_cloudwatch_event_bus", `${prefix}-reviews`);
  const analysis = named("aws_sfn_state_machine", `${prefix}-review-analysis`);
  const customerService = named("aws_sfn_state_machine", `${prefix}-customer-service`);
  const reviews = named("aws_dynamodb_table", `${prefix}-reviews`);
  const cases = named("aws_dynamodb_table", `${prefix}-review-cases`);
  const thankYouTopic = named("aws_sns_topic", `${prefix}-review-thank-you`);
  const customerServiceTopic = named("aws_sns_topic", `${prefix}-review-customer-service`);
  const alarmTopic = named("aws_sns_topic", `${prefix}-alarms`);

  it("has no Lambda function of its own: the only function is the orders domain's", () => {
    expect(resourcesOf(stack, "aws_lambda_function").map((fn) => fn.function_name)).toEqual([`${prefix}-inventory`]);
  });

  it("audits and archives every event of the reviews bus", () => {
    named("aws_cloudwatch_event_archive", `${prefix}-reviews-archive`);
    expect(rule(`${prefix}-reviews-audit`).resource.event_pattern).toBe(JSON.stringify({ source: [{ prefix: "" }] }));
    expect(stack.output.reviews_audit_log_group.value).toBeDefined();
  });

  it("keys reviews by review id and cases by case id, protected as configured", () => {
    expect(reviews.resource).toEqual(expect.objectContaining({ hash_key: "reviewId", deletion_protection_enabled: config.reviews.deletionProtection }));
    expect(cases.resource).toEqual(expect.objectContaining({ hash_key: "caseId", deletion_protection_enabled: config.reviews.deletionProtection }));
  });

  it("starts ReviewAnalysis for every submitted review, retrying into its own DLQ", () => {
    expect(JSON.parse(rule("ReviewSubmittedRule").resource.event_pattern)).toEqual(REVIEW_SUBMITTED_PATTERN);
    const target = targetOf("ReviewSubmittedRule");
    expect(target.arn).toBe(analysis.ref("arn"));
    expect(target.dead_letter_config.arn).toMatch(/aws_sqs_queue\./);
    expect(target.retry_policy.maximum_retry_attempts).toBe(config.delivery.retry.maximumRetryAttempts);
  });

  it("runs ReviewAnalysis in the configured language, allowed Comprehend, the reviews table and the reviews bus only", () => {
    const definition = workflowDefinition(analysis.resource.definition);
    expect(definition.States.DetectSentiment.Parameters.LanguageCode).toBe(config.reviews.sentimentLanguage);
    expect(definition.States.RecordAnalysis.Parameters.TableName).toBe(reviews.ref("name"));
    expect(definition.States.PublishReviewAnalysed.Parameters.Entries[0].EventBusName).toBe(bus.ref("name"));
    const granted = statementsOf(`${prefix}-review-analysis-sfn`).filter((s) => !s.Sid);
    expect(granted).toEqual([
      { Effect: "Allow", Action: "comprehend:DetectSentiment", Resource: "*" },
      { Effect: "Allow", Action: ["dynamodb:PutItem", "dynamodb:UpdateItem"], Resource: reviews.ref("arn") },
      { Effect: "Allow", Action: "events:PutEvents", Resource: bus.ref("arn") },
    ]);
  });

  it("thanks positive and neutral reviewers through the thank-you topic, addressed to the reviewer", () => {
    expect(JSON.parse(rule("ThankYouRule").resource.event_pattern)).toEqual(THANK_YOU_PATTERN);
    const target = targetOf("ThankYouRule");
    expect(target.arn).toBe(thankYouTopic.ref("arn"));
    expect(Object.values(target.input_transformer.input_paths)).toContain(REVIEW_FIELDS.reviewerEmail);
    expect(JSON.parse(target.input_transformer.input_template.replace(/<\w+>/g, "x"))).toEqual(
      expect.objectContaining({ subject: "Thank you for your review" }),
    );
  });

  it("opens a case for negative and mixed reviews, waiting the configured timeout", () => {
    expect(JSON.parse(rule("CustomerServiceRule").resource.event_pattern)).toEqual(CUSTOMER_SERVICE_PATTERN);
    expect(targetOf("CustomerServiceRule").arn).toBe(customerService.ref("arn"));
    const definition = workflowDefinition(customerService.resource.definition);
    expect(definition.States.AwaitDecision.TimeoutSeconds).toBe(config.reviews.caseTimeoutSeconds);
    expect(definition.States.NotifyCustomerService.Parameters.TopicArn).toBe(customerServiceTopic.ref("arn"));
    expect(definition.States.PageOnCall.Parameters.TopicArn).toBe(alarmTopic.ref("arn"));
    expect(customerService.resource.type).toBe("STANDARD");
  });

  it("lets CustomerService publish to the customer-service and alarm topics, and write only the cases table", () => {
    const granted = statementsOf(`${prefix}-customer-service-sfn`).filter((s) => !s.Sid);
    const actionsOn = (resource: string) => granted.filter((s) => s.Resource === resource).map((s) => s.Action);
    expect(actionsOn(cases.ref("arn"))).toEqual([["dynamodb:PutItem", "dynamodb:UpdateItem"]]);
    expect(actionsOn(customerServiceTopic.ref("arn"))).toEqual(["sns:Publish"]);
    expect(actionsOn(alarmTopic.ref("arn"))).toEqual(["sns:Publish"]);
    const keyUses = granted.filter((s) => String(s.Action).includes("kms:"));
    expect(keyUses).toHaveLength((config.reviews.customerService.encryption === "kms" ? 1 : 0) + (config.alarms.topic.encryption === "kms" ? 1 : 0));
  });

  it("subscribes each channel's configured subscribers, each with a DLQ", () => {
    for (const [channel, topic] of [
      [config.reviews.thankYou, thankYouTopic],
      [config.reviews.customerService, customerServiceTopic],
    ] as const) {
      const subscriptions = resourcesOf(stack, "aws_sns_topic_subscription").filter((s) => s.topic_arn === topic.ref("arn"));
      expect(subscriptions.map((s) => s.endpoint).sort()).toEqual(channel.subscribers.map((s) => s.endpoint).sort());
      for (const subscription of subscriptions) expect(subscription.redrive_policy).toMatch(/aws_sqs_queue\./);
      expect(topic.resource.kms_master_key_id !== undefined).toBe(channel.encryption === "kms");
    }
  });

  it("serves POST /reviews and GET /reviews/{id} with IAM auth, the configured throttling and the bus and table as stage variables", () => {
    const api = named<{ readonly body: string }>("aws_api_gateway_rest_api", `${prefix}-reviews-api`);
    expect(Object.keys(JSON.parse(api.resource.body).paths).sort()).toEqual(["/reviews", "/reviews/{id}"]);
    const stage = findResource(stack, "aws_api_gateway_stage", (s) => s.rest_api_id === api.ref("id")).resource;
    expect(stage.variables).toEqual({ reviewsBus: bus.ref("name"), reviewsTable: reviews.ref("name") });
    const settings = findResource(stack, "aws_api_gateway_method_settings", (s) => s.rest_api_id === api.ref("id")).resource.settings;
    expect(settings).toEqual(
      expect.objectContaining({
        throttling_rate_limit: config.reviews.api.throttling.rateLimit,
        throttling_burst_limit: config.reviews.api.throttling.burstLimit,
      }),
    );
  });

  it("starts logging on its stage only after the account's logging setting the orders API manages", () => {
    const api = named("aws_api_gateway_rest_api", `${prefix}-reviews-api`);
    const [account] = Object.keys(stack.resource.aws_api_gateway_account ?? {}).map((name) => `aws_api_gateway_account.${name}`);
    expect(config.statusUpdates.polling?.manageAccountLoggingRole && !config.reviews.api.manageAccountLoggingRole).toBe(true);
    expect(findResource(stack, "aws_api_gateway_stage", (s) => s.rest_api_id === api.ref("id")).resource.depends_on).toEqual([account]);
    expect(findResource(stack, "aws_api_gateway_method_settings", (s) => s.rest_api_id === api.ref("id")).resource.depends_on).toContain(account);
  });

  it("outputs the API URL, bus, audit log group and tables under plain names", () => {
    for (const output of ["reviews_api_invoke_url", "reviews_bus_name", "reviews_audit_log_group", "reviews_table_name", "review_cases_table_name"]) {
      expect(stack.output[output]).toBeDefined();
    }
  });

  it("alarms on every reviews queue, rule, workflow, topic and the API", () => {
    const alarmed = new Set(
      resourcesOf<AlarmArguments>(stack, "aws_cloudwatch_metric_alarm").flatMap((alarm) => Object.values<string>(alarm.dimensions ?? {})),
    );
    for (const machine of [analysis, customerService]) expect(alarmed).toContain(machine.ref("arn"));
    for (const name of ["ReviewSubmittedRule", "ThankYouRule", "CustomerServiceRule"]) expect(alarmed).toContain(rule(name).ref("name"));
    for (const topic of [thankYouTopic, customerServiceTopic]) expect(alarmed).toContain(topic.ref("name"));
  });
});

describe("reviews flow switched off", () => {
  it("deploys nothing of the reviews domain", () => {
    const [, dev] = allEnvironments.find(([name]) => name === "dev")!;
    const stack = synthesizePlatform({ ...dev, reviews: { ...dev.reviews, enabled: false } });
    expect(
      resourcesOf(stack, "aws_sfn_state_machine")
        .map((m) => m.name)
        .sort(),
    ).toEqual(["orders-dev-order-intake", "orders-dev-orders-processing"]);
    expect(Object.keys(stack.output).filter((name) => name.includes("review"))).toEqual([]);
  });
});
