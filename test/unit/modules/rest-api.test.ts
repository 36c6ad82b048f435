import { ApiGatewayMethodSettings } from "@cdktf/provider-aws/lib/api-gateway-method-settings";
import { ApiGatewayRestApi } from "@cdktf/provider-aws/lib/api-gateway-rest-api";
import { ApiGatewayStage } from "@cdktf/provider-aws/lib/api-gateway-stage";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { ordersApiDefinition, ordersApiPermissions, ordersApiStageVariables } from "../../../orders/api/orders-api";
import { DynamoTable } from "../../../modules/dynamodb-table";
import { EventBus } from "../../../modules/event-bus";
import { ACCESS_LOG_FORMAT, RestApi, RestApiProps } from "../../../modules/rest-api";
import { Arguments, findResource, readPolicy, resourcesOf, synthesizeModule, testStack } from "../../support/synth";
import { testBus } from "../../support/fixtures";

const SCOPE = { accountId: "111111111111", region: "eu-west-1" };

/** The synthesized arguments these tests read beyond a plain comparison. */
type RestApiArguments = Arguments & { readonly body: string };
type StageArguments = Arguments & { readonly access_log_settings: { readonly destination_arn: string; readonly format: string } };
type MethodSettingsArguments = Arguments & { readonly settings: { readonly logging_level: string } };
type DeploymentArguments = Arguments & { readonly triggers: { readonly redeployment: string } };
type LogGroupArguments = Arguments & { readonly name: string };

function ordersApi(scope: Construct, overrides: Partial<RestApiProps> = {}, bus: EventBus = testBus(scope)): RestApi {
  const table = new DynamoTable(scope, "Table", { name: "test-order-status", partitionKey: "orderId", deletionProtection: false });
  return new RestApi(scope, "OrdersApi", {
    name: "test-orders-api",
    description: "Orders polling API",
    stageName: "dev",
    definition: ordersApiDefinition,
    integrationPermissions: ordersApiPermissions(bus, table),
    stageVariables: ordersApiStageVariables({ ordersBusName: bus.busName, statusTableName: table.tableName }),
    throttling: { rateLimit: 50, burstLimit: 100 },
    logRetentionDays: 14,
    location: SCOPE,
    manageAccountLoggingRole: false,
    ...overrides,
  });
}

const roleNamed = (stack: ReturnType<typeof synthesizeModule>, name: string) => findResource(stack, "aws_iam_role", (role) => role.name === name);
const policyOf = (stack: ReturnType<typeof synthesizeModule>, roleName: string) => {
  const role = roleNamed(stack, roleName);
  return readPolicy(findResource(stack, "aws_iam_role_policy", (policy) => policy.role === role.ref("id")).resource.policy);
};

describe("RestApi", () => {
  it("grants invoking exactly its methods on its stage, path parameters as wildcards", () => {
    const stack = synthesizeModule((scope) => {
      const api = ordersApi(scope);
      const statements: unknown[] = [];
      api.grantInvoke({ grant: (...granted) => statements.push(...granted) });
      expect(statements).toEqual([
        {
          Effect: "Allow",
          Action: "execute-api:Invoke",
          Resource: ["POST/orders", "GET/orders/*", "GET/orders/*/status"].map((method) => `${api.executionArn}/${method}`),
        },
      ]);
    });
    expect(stack).toBeDefined();
  });

  it("imports the definition as the body of a REGIONAL REST API", () => {
    const stack = synthesizeModule((scope) => ordersApi(scope));
    const [api] = resourcesOf<RestApiArguments>(stack, "aws_api_gateway_rest_api");
    expect(api).toEqual(expect.objectContaining({ name: "test-orders-api", endpoint_configuration: { types: ["REGIONAL"] } }));
    expect(JSON.parse(api.body)).toEqual(
      ordersApiDefinition({ integrationRoleArn: "arn:aws:iam::111111111111:role/test-orders-api-integration", region: "eu-west-1" }),
    );
  });

  it("names in the body the ARN of the integration role it creates, and creates the API after the role", () => {
    const stack = synthesizeModule((scope) => ordersApi(scope));
    const role = roleNamed(stack, "test-orders-api-integration");
    const [api] = resourcesOf<RestApiArguments>(stack, "aws_api_gateway_rest_api");
    expect(JSON.parse(api.body).paths["/orders"].post["x-amazon-apigateway-integration"].credentials).toBe(
      "arn:aws:iam::111111111111:role/test-orders-api-integration",
    );
    expect(api.depends_on).toEqual([role.ref("").replace(/^\$\{(.*)\.\}$/, "$1")]);
  });

  it("lets only API Gateway of this account assume the integration role", () => {
    const stack = synthesizeModule((scope) => ordersApi(scope));
    expect(readPolicy(roleNamed(stack, "test-orders-api-integration").resource.assume_role_policy).Statement).toEqual([
      {
        Effect: "Allow",
        Principal: { Service: "apigateway.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": "111111111111" } },
      },
    ]);
  });

  it("grants the integration role exactly PutEvents on the Orders bus and GetItem on the status table", () => {
    const stack = synthesizeModule((scope) => ordersApi(scope));
    const bus = findResource(stack, "aws_cloudwatch_event_bus");
    const table = findResource(stack, "aws_dynamodb_table");
    expect(policyOf(stack, "test-orders-api-integration").Statement).toEqual([
      { Effect: "Allow", Action: "events:PutEvents", Resource: bus.ref("arn") },
      { Effect: "Allow", Action: "dynamodb:GetItem", Resource: table.ref("arn") },
    ]);
  });

  it("deploys to one stage named from the prop, with X-Ray tracing and the bus and table as stage variables", () => {
    const stack = synthesizeModule((scope) => ordersApi(scope));
    const bus = findResource(stack, "aws_cloudwatch_event_bus");
    const table = findResource(stack, "aws_dynamodb_table");
    const deployment = findResource(stack, "aws_api_gateway_deployment");
    expect(stack.json).toHaveResourceWithProperties(ApiGatewayStage, {
      stage_name: "dev",
      xray_tracing_enabled: true,
      deployment_id: deployment.ref("id"),
      variables: { ordersBus: bus.ref("name"), statusTable: table.ref("name") },
    });
  });

  it("writes JSON access logs with the request id to its own log group, with the retention given", () => {
    const stack = synthesizeModule((scope) => ordersApi(scope));
    const logs = findResource(stack, "aws_cloudwatch_log_group", (group) => group.name === "/aws/apigateway/test-orders-api/access");
    expect(logs.resource.retention_in_days).toBe(14);
    const [stage] = resourcesOf<StageArguments>(stack, "aws_api_gateway_stage");
    expect(stage.access_log_settings.destination_arn).toBe(logs.ref("arn"));
    expect(JSON.parse(stage.access_log_settings.format)).toEqual(ACCESS_LOG_FORMAT);
    expect(ACCESS_LOG_FORMAT.requestId).toBe("$context.requestId");
  });

  it("throttles every method with the rate and burst given, with metrics on and bodies never logged", () => {
    const stack = synthesizeModule((scope) => ordersApi(scope, { throttling: { rateLimit: 12.5, burstLimit: 25 } }));
    const stage = findResource(stack, "aws_api_gateway_stage");
    expect(stack.json).toHaveResourceWithProperties(ApiGatewayMethodSettings, {
      method_path: "*/*",
      stage_name: stage.ref("stage_name"),
      settings: {
        throttling_rate_limit: 12.5,
        throttling_burst_limit: 25,
        metrics_enabled: true,
        logging_level: "ERROR",
        data_trace_enabled: false,
      },
    });
  });

  it("keeps execution logs for the retention given, in the group API Gateway writes to", () => {
    const stack = synthesizeModule((scope) => ordersApi(scope, { executionLogLevel: "INFO" }));
    const api = findResource(stack, "aws_api_gateway_rest_api");
    expect(stack.json).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: `API-Gateway-Execution-Logs_${api.ref("id")}/dev`,
      retention_in_days: 14,
    });
    expect(resourcesOf<MethodSettingsArguments>(stack, "aws_api_gateway_method_settings")[0].settings.logging_level).toBe("INFO");
  });

  it("creates no execution log group when execution logging is OFF", () => {
    const stack = synthesizeModule((scope) => ordersApi(scope, { executionLogLevel: "OFF" }));
    expect(resourcesOf(stack, "aws_cloudwatch_log_group").map((group) => group.name)).toEqual(["/aws/apigateway/test-orders-api/access"]);
  });

  it("redeploys (a new deployment, created before the old one goes) exactly when the definition changes", () => {
    const redeployment = (region: string) => {
      const stack = synthesizeModule((scope) =>
        ordersApi(scope, { definition: ({ integrationRoleArn }) => ordersApiDefinition({ integrationRoleArn, region }) }),
      );
      const [deployment] = resourcesOf<DeploymentArguments>(stack, "aws_api_gateway_deployment");
      expect(deployment.lifecycle).toEqual({ create_before_destroy: true });
      return deployment.triggers.redeployment;
    };
    expect(redeployment("eu-west-1")).toMatch(/^[0-9a-f]{64}$/);
    expect(redeployment("eu-west-1")).toBe(redeployment("eu-west-1"));
    expect(redeployment("eu-central-1")).not.toBe(redeployment("eu-west-1"));
  });

  it("sets the account's API Gateway logging role, before the stage, when it manages it", () => {
    const stack = synthesizeModule((scope) => ordersApi(scope, { manageAccountLoggingRole: true }));
    const role = roleNamed(stack, "test-orders-api-apigw-logs");
    const account = findResource(stack, "aws_api_gateway_account");
    expect(account.resource).toEqual(expect.objectContaining({ cloudwatch_role_arn: role.ref("arn"), reset_on_delete: true }));
    const [stage] = resourcesOf(stack, "aws_api_gateway_stage");
    const [settings] = resourcesOf(stack, "aws_api_gateway_method_settings");
    const accountAddress = account.ref("id").replace(/^\$\{(.*)\.id\}$/, "$1");
    expect(stage.depends_on).toEqual([accountAddress]);
    expect(settings.depends_on).toContain(accountAddress);
  });

  it("turns execution logging on only once its log group (with retention) exists", () => {
    const stack = synthesizeModule((scope) => ordersApi(scope));
    const executionLogs = findResource<LogGroupArguments>(stack, "aws_cloudwatch_log_group", (group) => group.name.startsWith("API-Gateway-Execution-Logs_"));
    const [settings] = resourcesOf(stack, "aws_api_gateway_method_settings");
    expect(settings.depends_on).toEqual([executionLogs.ref("id").replace(/^\$\{(.*)\.id\}$/, "$1")]);
  });

  it("lets the logging role write only API Gateway's own log groups of this account and region", () => {
    const stack = synthesizeModule((scope) => ordersApi(scope, { manageAccountLoggingRole: true }));
    expect(policyOf(stack, "test-orders-api-apigw-logs").Statement).toEqual([
      {
        Sid: "WriteApiLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
        Resource: [
          "arn:aws:logs:eu-west-1:111111111111:log-group:API-Gateway-Execution-Logs_*",
          "arn:aws:logs:eu-west-1:111111111111:log-group:/aws/apigateway/*",
        ],
      },
      { Sid: "ListLogGroups", Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: "*" },
    ]);
  });

  it("names its access log group where the logging role may write it", () => {
    const stack = synthesizeModule((scope) => ordersApi(scope, { manageAccountLoggingRole: true }));
    const accessLogs = findResource<LogGroupArguments>(stack, "aws_cloudwatch_log_group", (group) => group.name.startsWith("/aws/apigateway/")).resource;
    expect(accessLogs.name).toMatch(/^\/aws\/apigateway\//);
  });

  it("leaves the account setting alone when another stack manages it", () => {
    const stack = synthesizeModule((scope) => ordersApi(scope, { manageAccountLoggingRole: false }));
    expect(resourcesOf(stack, "aws_api_gateway_account")).toEqual([]);
    expect(resourcesOf(stack, "aws_api_gateway_stage")[0]).not.toHaveProperty("depends_on");
  });

  it("exposes the stage's invoke URL and execution ARN, the API id and the stage name", () => {
    const stack = synthesizeModule((scope) => {
      const api = ordersApi(scope);
      const outputs = { invokeUrl: api.invokeUrl, executionArn: api.executionArn, restApiId: api.restApiId, stageName: api.stageName };
      for (const [name, value] of Object.entries(outputs)) new TerraformOutput(scope, name, { value });
    });
    const stage = findResource(stack, "aws_api_gateway_stage");
    const api = findResource(stack, "aws_api_gateway_rest_api");
    expect(Object.fromEntries(Object.entries(stack.output).map(([name, output]) => [name, output.value]))).toEqual({
      invokeUrl: stage.ref("invoke_url"),
      executionArn: stage.ref("execution_arn"),
      restApiId: api.ref("id"),
      stageName: stage.ref("stage_name"),
    });
  });

  it("allows invoking one method of the stage", () => {
    const stack = synthesizeModule((scope) => {
      new TerraformOutput(scope, "statement", { value: ordersApi(scope).invokeMethod("GET", "/orders/*") });
    });
    expect(stack.output.statement.value).toEqual({
      Effect: "Allow",
      Action: "execute-api:Invoke",
      Resource: `${findResource(stack, "aws_api_gateway_stage").ref("execution_arn")}/GET/orders/*`,
    });
  });

  it("accepts the throttling limits at their bounds", () => {
    expect(() => ordersApi(testStack(), { throttling: { rateLimit: 10_000, burstLimit: 5_000 } })).not.toThrow();
    expect(() => ordersApi(testStack(), { throttling: { rateLimit: 0.5, burstLimit: 0 } })).not.toThrow();
  });

  it.each([
    [0, /throttling\.rateLimit is 0; allowed: a number of requests per second above 0, at most 10000/],
    [-1, /throttling\.rateLimit is -1; allowed: a number of requests per second above 0, at most 10000/],
    [10_001, /throttling\.rateLimit is 10001; allowed: a number of requests per second above 0, at most 10000/],
    [Number.NaN, /throttling\.rateLimit is NaN; allowed/],
  ])("refuses a rate limit of %s", (rateLimit, message) => {
    expect(() => ordersApi(testStack(), { throttling: { rateLimit, burstLimit: 10 } })).toThrow(message);
  });

  it.each([
    [-1, /throttling\.burstLimit is -1; allowed: an integer from 0 to 5000/],
    [5_001, /throttling\.burstLimit is 5001; allowed: an integer from 0 to 5000/],
    [2.5, /throttling\.burstLimit is 2.5; allowed: an integer from 0 to 5000/],
  ])("refuses a burst limit of %s", (burstLimit, message) => {
    expect(() => ordersApi(testStack(), { throttling: { rateLimit: 10, burstLimit } })).toThrow(message);
  });

  it.each(["", "my stage", "dev/1", "s".repeat(129)])("refuses the stage name %j", (stageName) => {
    expect(() => ordersApi(testStack(), { stageName })).toThrow(
      /test\/OrdersApi: stageName ".*" is not allowed; allowed: 1-128 letters, digits, hyphens or underscores/,
    );
  });

  it("refuses a stage variable name API Gateway does not accept", () => {
    expect(() => ordersApi(testStack(), { stageVariables: { "orders-bus": "x" } })).toThrow(
      /stageVariables has a variable named "orders-bus"; allowed: letters, digits and underscores/,
    );
  });

  it("refuses an execution log level API Gateway does not know", () => {
    expect(() => ordersApi(testStack(), { executionLogLevel: "DEBUG" as never })).toThrow(/executionLogLevel is DEBUG; allowed: one of OFF, ERROR, INFO/);
  });

  it("refuses a name too long for the integration role's name", () => {
    expect(() => ordersApi(testStack(), { name: "n".repeat(53) })).toThrow(
      /name "n{53}" is 53 characters, too long for its role "n{53}-integration"; allowed: at most 52/,
    );
  });

  it("refuses a definition holding a Terraform reference, naming where", () => {
    const stack = testStack();
    const bus = testBus(stack);
    expect(() =>
      ordersApi(
        stack,
        {
          definition: ({ integrationRoleArn }) => ({
            ...ordersApiDefinition({ integrationRoleArn, region: "eu-west-1" }),
            info: { title: bus.busName, description: "d", version: "1" },
          }),
        },
        bus,
      ),
    ).toThrow(/definition\.info\.title holds a Terraform reference; allowed: literal values only \(pass resource names as stageVariables\)/);
  });

  it("refuses a log retention CloudWatch does not offer", () => {
    expect(() => ordersApi(testStack(), { logRetentionDays: 4 as never })).toThrow(/retentionDays is 4; allowed: one of 1, 3, 5/);
  });

  it("synthesizes with the API resource under the id Resource", () => {
    const stack = synthesizeModule((scope) => ordersApi(scope));
    expect(stack.json).toHaveResourceWithProperties(ApiGatewayRestApi, { name: "test-orders-api" });
    expect(findResource(stack, "aws_api_gateway_rest_api").ref("id")).toMatch(/aws_api_gateway_rest_api\.OrdersApi_[0-9A-F]+\.id/);
  });
});
