import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import type { EnvironmentConfig } from "../envs";
import type { ReviewsConfig } from "../envs/reviews-schema";
import type { ApiGatewayAccount } from "../modules/api-gateway-account";
import { CallerRole } from "../modules/caller-role";
import { DynamoTable } from "../modules/dynamodb-table";
import { EventBus } from "../modules/event-bus";
import { EventRule } from "../modules/event-rule";
import type { EventPattern } from "../modules/event-pattern";
import { KmsKey } from "../modules/kms-key";
import type { AlarmTopic } from "../modules/monitoring/alarm-topic";
import { RestApi } from "../modules/rest-api";
import { SnsTopic } from "../modules/sns-topic";
import { SnsTopicTarget, StateMachineTarget } from "../modules/targets";
import { StateMachine, StateMachineProps } from "../modules/state-machine";
import { reviewsApiDefinition, reviewsApiPermissions, reviewsApiStageVariables } from "./api/reviews-api";
import { CUSTOMER_SERVICE_PATTERN, REVIEW_SUBMITTED_PATTERN, THANK_YOU_PATTERN } from "./events/patterns";
import { thankYouMessage } from "./events/thank-you";
import { customerServiceDefinition } from "./workflows/customer-service";
import { reviewsResourceNames } from "./names";
import { reviewAnalysisDefinition } from "./workflows/review-analysis";

export interface ReviewsFlowProps {
  readonly config: EnvironmentConfig;
  /** The reviews bus (with its archive and audit trail): every event of the domain goes through it. */
  readonly reviewsBus: EventBus;
  /** On-call: escalated cases are published here. */
  readonly alarmTopic: AlarmTopic;
  /** The account's API Gateway logging setting when the orders API manages it: the reviews API's stage waits for it. */
  readonly apiLoggingSetBy?: ApiGatewayAccount;
}

/** Days a deleted KMS key can still be recovered: the longest AWS allows. */
const KEY_DELETION_WINDOW_DAYS = 30;
/** Topic delivery-status logs: every failure; successes of email and https deliveries are not sampled. */
const SUCCESS_SAMPLE_RATE = 0;

/**
 * The reviews domain, without Lambda: POST /reviews -> ReviewSubmitted -> ReviewSubmittedRule ->
 * ReviewAnalysis (Comprehend DetectSentiment, the reviews table) -> ReviewAnalysed ->
 * ThankYouRule (POSITIVE, NEUTRAL) -> thank-you topic, or CustomerServiceRule (NEGATIVE, MIXED) ->
 * CustomerService (case item, customer-service topic, the agent's decision by task token) ->
 * ReviewCaseClosed, or ReviewCaseEscalated and the alarm topic after the case timeout.
 */
export class ReviewsFlow extends Construct {
  readonly reviewsTable: DynamoTable;
  readonly casesTable: DynamoTable;
  readonly analysis: StateMachine;
  readonly customerService: StateMachine;
  readonly thankYouTopic: SnsTopic;
  readonly customerServiceTopic: SnsTopic;
  readonly api: RestApi;

  constructor(scope: Construct, id: string, props: ReviewsFlowProps) {
    super(scope, id);
    const { config } = props;
    const prefix = `${config.namePrefix}-review`;
    this.reviewsTable = new DynamoTable(this, "ReviewsTable", {
      name: `${config.namePrefix}-reviews`,
      partitionKey: "reviewId",
      deletionProtection: config.reviews.deletionProtection,
    });
    this.casesTable = new DynamoTable(this, "CasesTable", {
      name: `${prefix}-cases`,
      partitionKey: "caseId",
      deletionProtection: config.reviews.deletionProtection,
    });
    this.thankYouTopic = this.topic(config, "ThankYou", `${prefix}-thank-you`, config.reviews.thankYou);
    this.customerServiceTopic = this.topic(config, "CustomerService", `${prefix}-customer-service`, config.reviews.customerService);
    this.analysis = this.reviewAnalysis(props);
    this.thankYou(props);
    this.customerService = this.customerServiceCases(props);
    this.api = this.reviewsApi(props);
    this.outputs();
  }

  /** 1: every submitted review starts ReviewAnalysis. */
  private reviewAnalysis({ config, reviewsBus }: ReviewsFlowProps): StateMachine {
    const machine = this.workflow(config, "ReviewAnalysis", {
      definition: reviewAnalysisDefinition({
        reviewsTableName: this.reviewsTable.tableName,
        reviewsBusName: reviewsBus.busName,
        language: config.reviews.sentimentLanguage,
      }),
      taskPermissions: [
        // DetectSentiment has no resource-level permissions.
        { Effect: "Allow", Action: "comprehend:DetectSentiment", Resource: "*" },
        this.reviewsTable.writeItems(),
        reviewsBus.putEvents(),
      ],
    });
    const rule = this.rule(
      on(config, reviewsBus),
      "ReviewSubmittedRule",
      "review-submitted",
      "Every submitted review to the ReviewAnalysis workflow",
      REVIEW_SUBMITTED_PATTERN,
    );
    rule.addTarget("review-analysis", new StateMachineTarget(machine));
    return machine;
  }

  /** 2a: positive and neutral reviewers are thanked through the thank-you topic, by the rule itself. */
  private thankYou({ config, reviewsBus }: ReviewsFlowProps): void {
    const rule = this.rule(
      on(config, reviewsBus),
      "ThankYouRule",
      "review-thank-you",
      "Positive and neutral reviews to the thank-you topic",
      THANK_YOU_PATTERN,
    );
    rule.addTarget("thank-you-topic", new SnsTopicTarget(this.thankYouTopic, { message: thankYouMessage }));
  }

  /** 2b: negative and mixed reviews open a case that waits for an agent. */
  private customerServiceCases({ config, reviewsBus, alarmTopic }: ReviewsFlowProps): StateMachine {
    const machine = this.workflow(config, "CustomerService", {
      definition: customerServiceDefinition({
        casesTableName: this.casesTable.tableName,
        reviewsBusName: reviewsBus.busName,
        customerServiceTopicArn: this.customerServiceTopic.topicArn,
        alarmTopicArn: alarmTopic.topicArn,
        caseTimeoutSeconds: config.reviews.caseTimeoutSeconds,
      }),
      taskPermissions: [this.casesTable.writeItems(), reviewsBus.putEvents()],
    });
    this.customerServiceTopic.grantPublish(machine.role);
    alarmTopic.grantPublish(machine.role);
    const rule = this.rule(
      on(config, reviewsBus),
      "CustomerServiceRule",
      "review-customer-service",
      "Negative and mixed reviews to the CustomerService workflow",
      CUSTOMER_SERVICE_PATTERN,
    );
    rule.addTarget("customer-service", new StateMachineTarget(machine));
    return machine;
  }

  /** POST /reviews and GET /reviews/{id}: direct integrations, IAM auth through one caller role. */
  private reviewsApi({ config, reviewsBus, apiLoggingSetBy }: ReviewsFlowProps): RestApi {
    const settings = config.reviews.api;
    const api = new RestApi(this, "ReviewsApi", {
      name: reviewsResourceNames(config.namePrefix).reviewsApi,
      description: "Submit reviews and read their analysis",
      stageName: config.name,
      definition: reviewsApiDefinition,
      integrationPermissions: reviewsApiPermissions(reviewsBus, this.reviewsTable),
      stageVariables: reviewsApiStageVariables({ reviewsBusName: reviewsBus.busName, reviewsTableName: this.reviewsTable.tableName }),
      throttling: settings.throttling,
      logRetentionDays: config.logRetentionDays,
      manageAccountLoggingRole: settings.manageAccountLoggingRole,
      loggingSetBy: apiLoggingSetBy,
    });
    const callerRole = new CallerRole(this, "ReviewsApiCallerRole", {
      name: `${config.namePrefix}-reviews-api-caller`,
      description: "The one identity allowed to call the reviews API: assume it, then sign requests with its credentials",
      assumedBy: settings.callers,
    });
    api.grantInvoke(callerRole);
    output(this, "reviews_api_caller_role_arn", callerRole.roleArn, "Role to assume for calling the reviews API");
    return api;
  }

  /** A review workflow: always STANDARD (a case waits far longer than an EXPRESS execution may run). */
  private workflow(config: EnvironmentConfig, id: string, spec: Pick<StateMachineProps, "definition" | "taskPermissions">): StateMachine {
    const kebab = id.replace(/(?<=[a-z])(?=[A-Z])/g, "-").toLowerCase();
    return new StateMachine(this, id, {
      name: `${config.namePrefix}-${kebab}`,
      type: "STANDARD",
      ...spec,
      logLevel: config.reviews.workflowLogging.logLevel,
      includeExecutionData: config.reviews.workflowLogging.includeExecutionData,
      logRetentionDays: config.logRetentionDays,
    });
  }

  /** A rule on the reviews bus; its targets' roles and DLQs are named `<namePrefix>-<prefix>-...`. */
  private rule(on: RuleOn, id: string, prefix: string, description: string, eventPattern: EventPattern): EventRule {
    return new EventRule(this, id, { bus: on.bus, name: id, resourceNamePrefix: `${on.namePrefix}-${prefix}`, description, eventPattern });
  }

  /** A topic with its own key where the channel is encrypted, and the channel's subscribers. */
  private topic(config: EnvironmentConfig, id: string, name: string, channel: ReviewsConfig["thankYou"]): SnsTopic {
    const kmsKey =
      channel.encryption === "kms"
        ? new KmsKey(this, `${id}Key`, { name, description: `Encrypts the ${name} topic`, deletionWindowInDays: KEY_DELETION_WINDOW_DAYS })
        : undefined;
    const topic = new SnsTopic(this, `${id}Topic`, {
      name,
      kmsKey,
      deliveryStatusLogging: { successSampleRate: SUCCESS_SAMPLE_RATE, retentionDays: config.logRetentionDays },
    });
    for (const subscriber of channel.subscribers) topic.addSubscriber(subscriber, config.delivery.deadLetterRetentionSeconds);
    return topic;
  }

  /** Outputs keep their plain names (`reviews_table_name`), not construct-path ids. */
  private outputs(): void {
    output(this, "reviews_api_id", this.api.restApiId, "REST API for submitting reviews");
    output(this, "reviews_api_stage", this.api.stageName, "Stage of the reviews API (the environment name)");
    output(this, "reviews_api_invoke_url", this.api.invokeUrl, "Base URL: POST /reviews, GET /reviews/{id}");
    output(this, "reviews_table_name", this.reviewsTable.tableName, "Review rows written by ReviewAnalysis (sentiment and scores)");
    output(this, "review_cases_table_name", this.casesTable.tableName, "Customer-service cases, with the task token of each open one");
    output(this, "review_analysis_arn", this.analysis.stateMachineArn, "ReviewAnalysis state machine");
    output(this, "customer_service_arn", this.customerService.stateMachineArn, "CustomerService state machine (cases)");
    output(this, "review_thank_you_topic_arn", this.thankYouTopic.topicArn, "SNS topic of thank-you messages");
    output(this, "review_customer_service_topic_arn", this.customerServiceTopic.topicArn, "SNS topic announcing new cases");
  }
}

interface RuleOn {
  readonly bus: EventBus;
  readonly namePrefix: string;
}

const on = (config: EnvironmentConfig, bus: EventBus): RuleOn => ({ bus, namePrefix: config.namePrefix });

function output(scope: Construct, id: string, value: string, description: string): void {
  new TerraformOutput(scope, id, { value, description }).overrideLogicalId(id);
}
