import { TerraformOutput, Testing } from "cdktf";
import { Construct } from "constructs";
import { AppsyncDatasource } from "@cdktf/provider-aws/lib/appsync-datasource";
import { AppsyncGraphqlApi } from "@cdktf/provider-aws/lib/appsync-graphql-api";
import { AppsyncResolver } from "@cdktf/provider-aws/lib/appsync-resolver";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CognitoIdentityPool } from "@cdktf/provider-aws/lib/cognito-identity-pool";
import { CognitoIdentityPoolRolesAttachment } from "@cdktf/provider-aws/lib/cognito-identity-pool-roles-attachment";
import { ORDER_STATUS_FIELDS, ORDER_STATUS_RESOLVERS, ORDER_STATUS_SCHEMA } from "../../../orders/graphql/order-status-api";
import { AppSyncApi, AppSyncApiProps } from "../../../modules/appsync-api";
import { DynamoTable } from "../../../modules/dynamodb-table";
import { IdentityPool } from "../../../modules/identity-pool";
import { ServiceRole } from "../../../modules/service-role";
import { SynthesizedStack, findResource, readPolicy, synthesizeModule, testStack } from "../../support/synth";

const ACCOUNT = "123456789012";

function table(scope: Construct): DynamoTable {
  return new DynamoTable(scope, "ViewTable", { name: "test-order-status-view", partitionKey: "orderId", deletionProtection: false });
}

function api(scope: Construct, changes: Partial<AppSyncApiProps> = {}): AppSyncApi {
  return new AppSyncApi(scope, "Api", {
    name: "test-order-status",
    schema: ORDER_STATUS_SCHEMA,
    resolvers: ORDER_STATUS_RESOLVERS,
    table: table(scope),
    fieldLogLevel: "ERROR",
    logRetentionDays: 14,
    accountId: ACCOUNT,
    region: "eu-west-1",
    ...changes,
  });
}

function eventBridgeRole(scope: Construct): ServiceRole {
  return new ServiceRole(scope, "TargetRole", { name: "test-status-target", service: "events.amazonaws.com", sourceAccount: ACCOUNT, description: "d" });
}

/** A synthesized API whose roles are all granted something (synth refuses empty roles). */
function synthesizeApi(changes: Partial<AppSyncApiProps> = {}, extra: (graphql: AppSyncApi, scope: Construct) => void = () => undefined): SynthesizedStack {
  return synthesizeModule((scope) => extra(api(scope, changes), scope));
}

const apiRef = (stack: SynthesizedStack, attribute: string) => findResource(stack, "aws_appsync_graphql_api").ref(attribute);
const policyOfRole = (stack: SynthesizedStack, roleName: string) => {
  const role = findResource(stack, "aws_iam_role", (resource) => resource.name === roleName);
  return readPolicy(findResource(stack, "aws_iam_role_policy", (resource) => resource.role === role.ref("id")).resource.policy);
};
const trustOfRole = (stack: SynthesizedStack, roleName: string) =>
  readPolicy(findResource(stack, "aws_iam_role", (resource) => resource.name === roleName).resource.assume_role_policy);

describe("AppSyncApi", () => {
  it("creates a public API whose default auth mode is AWS_IAM, traced with X-Ray, with the schema as given", () => {
    const stack = synthesizeApi();
    expect(stack.json).toHaveResourceWithProperties(AppsyncGraphqlApi, {
      name: "test-order-status",
      authentication_type: "AWS_IAM",
      visibility: "GLOBAL",
      xray_enabled: true,
      schema: ORDER_STATUS_SCHEMA,
    });
  });

  it("has no API key and no other auth mode unless asked", () => {
    const stack = synthesizeApi();
    expect(findResource(stack, "aws_appsync_graphql_api").resource).not.toHaveProperty("additional_authentication_provider");
    expect(stack.resource).not.toHaveProperty("aws_appsync_api_key");
  });

  it("adds API_KEY as an additional mode with a key the deployment renews: no timestamp(), no ignored expiry", () => {
    const stack = synthesizeApi({ apiKey: { expiresInDays: 30, renewEveryDays: 7 } });
    expect(stack.json).toHaveResourceWithProperties(AppsyncGraphqlApi, {
      authentication_type: "AWS_IAM",
      additional_authentication_provider: [{ authentication_type: "API_KEY" }],
    });
    const key = findResource(stack, "aws_appsync_api_key").resource;
    expect(key.api_id).toBe(apiRef(stack, "id"));
    expect(key.expires).toContain("plantimestamp()");
    expect(key.expires).not.toMatch(/[^n]timestamp\(\)/);
    expect(key.expires).toMatch(/"720h"\)\}$/);
    expect(key).not.toHaveProperty("lifecycle");
  });

  it.each([0, 366, 1.5])("refuses an API key expiring after %p days", (expiresInDays) => {
    expect(() => api(testStack(), { apiKey: { expiresInDays, renewEveryDays: 1 } })).toThrow(
      new RegExp(`apiKey.expiresInDays is ${expiresInDays}; allowed: an integer from 1 to 365`),
    );
  });

  it.each([
    [30, 30],
    [30, 0],
    [60, 29],
  ])("refuses an API key valid %p days renewed every %p days", (expiresInDays, renewEveryDays) => {
    expect(() => api(testStack(), { apiKey: { expiresInDays, renewEveryDays } })).toThrow(
      new RegExp(`apiKey.renewEveryDays is ${renewEveryDays}; allowed: an integer from 1 to`),
    );
  });

  it.each([2, 365])("accepts an API key expiring after %p days", (expiresInDays) => {
    expect(() => api(testStack(), { apiKey: { expiresInDays, renewEveryDays: 1 } })).not.toThrow();
  });

  it("logs fields at the configured level through a role only AppSync of this account assumes", () => {
    const stack = synthesizeApi({ fieldLogLevel: "ALL" });
    const logsRole = findResource(stack, "aws_iam_role", (resource) => resource.name === "test-order-status-logs");
    expect(stack.json).toHaveResourceWithProperties(AppsyncGraphqlApi, {
      log_config: { field_log_level: "ALL", cloudwatch_logs_role_arn: logsRole.ref("arn") },
    });
    expect(trustOfRole(stack, "test-order-status-logs").Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: "appsync.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
      }),
    ]);
  });

  it("creates AppSync's log group for the API itself, with the retention", () => {
    const stack = synthesizeApi();
    expect(stack.json).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: `/aws/appsync/apis/${apiRef(stack, "id")}`,
      retention_in_days: 14,
    });
  });

  it("lets the logs role write streams and events of that log group only, and not create groups", () => {
    const stack = synthesizeApi();
    const logGroup = findResource(stack, "aws_cloudwatch_log_group");
    expect(policyOfRole(stack, "test-order-status-logs").Statement).toEqual([
      { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${logGroup.ref("arn")}:*` },
    ]);
  });

  it("refuses a field log level other than ERROR or ALL", () => {
    expect(() => api(testStack(), { fieldLogLevel: "NONE" as never })).toThrow(/fieldLogLevel is "NONE"; allowed: one of ERROR, ALL/);
  });

  it("serves the resolvers from one DynamoDB data source on the table, in the API's region", () => {
    const stack = synthesizeApi();
    const tableRole = findResource(stack, "aws_iam_role", (resource) => resource.name === "test-order-status-table");
    expect(stack.json).toHaveResourceWithProperties(AppsyncDatasource, {
      api_id: apiRef(stack, "id"),
      name: "Table",
      type: "AMAZON_DYNAMODB",
      service_role_arn: tableRole.ref("arn"),
      dynamodb_config: { table_name: findResource(stack, "aws_dynamodb_table").ref("name"), region: "eu-west-1" },
    });
  });

  it("grants the data source role exactly the table actions the resolvers declare, on the table only", () => {
    const stack = synthesizeApi();
    expect(policyOfRole(stack, "test-order-status-table").Statement).toEqual([
      { Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:PutItem"], Resource: findResource(stack, "aws_dynamodb_table").ref("arn") },
    ]);
    expect(trustOfRole(stack, "test-order-status-table").Statement[0].Principal).toEqual({ Service: "appsync.amazonaws.com" });
  });

  it("creates one VTL unit resolver per definition, on the data source", () => {
    const stack = synthesizeApi();
    for (const resolver of ORDER_STATUS_RESOLVERS) {
      expect(stack.json).toHaveResourceWithProperties(AppsyncResolver, {
        api_id: apiRef(stack, "id"),
        type: resolver.typeName,
        field: resolver.fieldName,
        kind: "UNIT",
        data_source: findResource(stack, "aws_appsync_datasource").ref("name"),
        request_template: resolver.requestTemplate,
        response_template: resolver.responseTemplate,
      });
    }
    expect(Object.keys(stack.resource.aws_appsync_resolver)).toHaveLength(ORDER_STATUS_RESOLVERS.length);
  });

  it("exposes the GraphQL endpoint ARN EventBridge targets use, derived from the endpoint's host", () => {
    const stack = synthesizeModule((scope) => {
      new TerraformOutput(scope, "endpoint_arn", { value: api(scope).graphqlEndpointArn });
    });
    const resource = apiRef(stack, "id").replace(/^\$\{(.*)\.id\}$/, "$1");
    expect(stack.output.endpoint_arn.value).toBe(
      `arn:aws:appsync:eu-west-1:123456789012:endpoints/graphql-api/\${element(regex("^https?://([^.]+)[.]", ${resource}.uris["GRAPHQL"]), 0)}`,
    );
  });

  it("exposes the GraphQL and real-time URLs, the latter empty where the service reports none", () => {
    const stack = synthesizeModule((scope) => {
      const graphql = api(scope);
      new TerraformOutput(scope, "graphql", { value: graphql.graphqlUrl });
      new TerraformOutput(scope, "realtime", { value: graphql.realtimeUrl });
    });
    const resource = apiRef(stack, "id").replace(/^\$\{(.*)\.id\}$/, "$1");
    expect(stack.output.graphql.value).toBe(`\${${resource}.uris["GRAPHQL"]}`);
    expect(stack.output.realtime.value).toBe(`\${try(${resource}.uris["REALTIME"], "")}`);
  });

  it.each([
    ["resolvers is empty", { resolvers: [] }, /resolvers is empty; allowed: one or more resolvers on the table/],
    [
      "a resolver on a field the schema lacks",
      { resolvers: [{ ...ORDER_STATUS_RESOLVERS[0], fieldName: "orders" }] },
      /resolvers has Query.orders, which is not in the schema/,
    ],
    [
      "two resolvers on one field",
      { resolvers: [ORDER_STATUS_RESOLVERS[0], ORDER_STATUS_RESOLVERS[0]] },
      /resolvers has Query.orderStatus twice; allowed: one resolver per field/,
    ],
    ["a schema that does not parse", { schema: "type Query {" }, /schema does not parse: Syntax Error/],
    ["a name too long for its role names", { name: "n".repeat(59) }, /name \(in its role names\) "n+-table" is 65 characters; allowed: at most 64/],
  ])("refuses %s", (_, changes, message) => {
    expect(() => api(testStack(), changes as Partial<AppSyncApiProps>)).toThrow(message);
  });
});

describe("AppSyncApi field grants", () => {
  it("allows an EventBridge target role appsync:GraphQL on the one mutation field", () => {
    const stack = synthesizeApi({}, (graphql, scope) => graphql.grantMutation(eventBridgeRole(scope), ORDER_STATUS_FIELDS.mutation));
    expect(policyOfRole(stack, "test-status-target").Statement).toEqual([
      { Effect: "Allow", Action: "appsync:GraphQL", Resource: [`${apiRef(stack, "arn")}/types/Mutation/fields/publishOrderStatus`] },
    ]);
  });

  it("allows guests the query and the subscription fields only", () => {
    const stack = synthesizeApi({}, (graphql, scope) => {
      const pool = new IdentityPool(scope, "Guests", { name: "test-guests", guestRoleName: "test-guest" });
      graphql.grantQuery(pool.guestRole, ORDER_STATUS_FIELDS.query);
      graphql.grantSubscription(pool.guestRole, ORDER_STATUS_FIELDS.subscription);
    });
    const resources = policyOfRole(stack, "test-guest").Statement.flatMap((statement) => statement.Resource);
    expect(resources).toEqual([`${apiRef(stack, "arn")}/types/Query/fields/orderStatus`, `${apiRef(stack, "arn")}/types/Subscription/fields/onOrderStatus`]);
    expect(policyOfRole(stack, "test-guest").Statement.map((statement) => statement.Action)).toEqual(["appsync:GraphQL", "appsync:GraphQL"]);
  });

  it("grants several fields of a type in one statement", () => {
    const schema = `${ORDER_STATUS_SCHEMA}\nextend type Query { orders: [Order] @aws_iam }`;
    const stack = synthesizeApi({ schema }, (graphql, scope) => graphql.grantQuery(eventBridgeRole(scope), "orderStatus", "orders"));
    expect(policyOfRole(stack, "test-status-target").Statement[0].Resource).toEqual([
      `${apiRef(stack, "arn")}/types/Query/fields/orderStatus`,
      `${apiRef(stack, "arn")}/types/Query/fields/orders`,
    ]);
  });

  it.each([
    [
      "a field the type lacks",
      (graphql: AppSyncApi, role: ServiceRole) => graphql.grantMutation(role, "deleteOrder"),
      /cannot grant Mutation.deleteOrder: no such field; allowed: publishOrderStatus/,
    ],
    [
      "a query field as a mutation",
      (graphql: AppSyncApi, role: ServiceRole) => graphql.grantMutation(role, "orderStatus"),
      /cannot grant Mutation.orderStatus: no such field/,
    ],
    [
      "no field at all",
      (graphql: AppSyncApi, role: ServiceRole) => graphql.grantSubscription(role),
      /a grant on Subscription names no field; allowed: one or more of onOrderStatus/,
    ],
  ])("refuses to grant %s", (_, grant, message) => {
    const stack = testStack();
    const graphql = api(stack);
    expect(() => grant(graphql, eventBridgeRole(stack))).toThrow(message);
  });

  it("names the missing type when the schema has none", () => {
    const stack = testStack();
    const schema = ORDER_STATUS_SCHEMA.replace(/type Subscription \{[\s\S]*?\n\}\n/, "").replace("  subscription: Subscription\n", "");
    const graphql = api(stack, { schema });
    expect(() => graphql.grantSubscription(eventBridgeRole(stack), "onOrderStatus")).toThrow(/allowed: none \(the schema has no Subscription type\)/);
  });
});

describe("IdentityPool", () => {
  const synthesizePool = () =>
    synthesizeModule((scope) => {
      const pool = new IdentityPool(scope, "Guests", { name: "test guests", guestRoleName: "test-guest" });
      pool.guestRole.grant({ Effect: "Allow", Action: "appsync:GraphQL", Resource: "arn:x" });
    });

  it("admits unauthenticated identities through the enhanced flow only", () => {
    expect(synthesizePool().json).toHaveResourceWithProperties(CognitoIdentityPool, {
      identity_pool_name: "test guests",
      allow_unauthenticated_identities: true,
      allow_classic_flow: false,
    });
  });

  it("lets only the pool's unauthenticated identities assume the guest role", () => {
    const stack = synthesizePool();
    const pool = findResource(stack, "aws_cognito_identity_pool");
    expect(trustOfRole(stack, "test-guest").Statement).toEqual([
      {
        Effect: "Allow",
        Principal: { Federated: "cognito-identity.amazonaws.com" },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: { "cognito-identity.amazonaws.com:aud": pool.ref("id") },
          "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": "unauthenticated" },
        },
      },
    ]);
  });

  it("attaches the guest role as the pool's unauthenticated role, and no authenticated one", () => {
    const stack = synthesizePool();
    expect(stack.json).toHaveResourceWithProperties(CognitoIdentityPoolRolesAttachment, {
      identity_pool_id: findResource(stack, "aws_cognito_identity_pool").ref("id"),
    });
    expect(findResource(stack, "aws_cognito_identity_pool_roles_attachment").resource.roles).toEqual({
      unauthenticated: findResource(stack, "aws_iam_role").ref("arn"),
    });
  });

  it("gives the guest role exactly what was granted", () => {
    expect(policyOfRole(synthesizePool(), "test-guest").Statement).toEqual([{ Effect: "Allow", Action: "appsync:GraphQL", Resource: "arn:x" }]);
  });

  it("fails synth when the guest role was granted nothing", () => {
    const stack = testStack();
    new IdentityPool(stack, "Guests", { name: "test-guests", guestRoleName: "test-guest" });
    expect(() => Testing.synth(stack, true)).toThrow(/role "test-guest" was granted nothing; grant what guests may call/);
  });

  it.each([
    ["an empty pool name", { name: "" }, /name "" is not an identity pool name; allowed: 1-128 letters, digits, spaces or _\+=,\.@-/],
    ["a pool name with a slash", { name: "orders/guests" }, /name "orders\/guests" is not an identity pool name/],
    ["a pool name over 128 characters", { name: "p".repeat(129) }, /is not an identity pool name/],
    ["a guest role name over 64 characters", { guestRoleName: "r".repeat(65) }, /name "r+" is 65 characters; allowed: at most 64/],
  ])("refuses %s", (_, changes, message) => {
    expect(() => new IdentityPool(testStack(), "Guests", { name: "guests", guestRoleName: "guest", ...changes })).toThrow(message);
  });
});
