import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { EnvironmentConfig } from "../../../envs";
import { principalArn } from "../../../modules/arn";
import { Arguments, SynthesizedStack, allEnvironments, findResource, readPolicy, resourcesOf, synthesizePlatform } from "../../support/synth";

/**
 * The callers table of docs/security.md, kept true: every row names a caller this file checks
 * against the synthesized stack of every environment, and every check has its row.
 */
const SECURITY_DOC = readFileSync(join(__dirname, "..", "..", "..", "docs", "security.md"), "utf8");

function callerRows(): string[] {
  const section = SECURITY_DOC.split(/^## Callers$/m)[1]?.split(/^## /m)[0] ?? "";
  return section
    .split("\n")
    .filter((line) => line.startsWith("| ") && !line.startsWith("| caller ") && !line.startsWith("| --- "))
    .map((line) => line.split("|")[1].trim());
}

type Statement = { Effect: string; Action: string | string[]; Resource: string | string[]; Principal?: unknown };
const list = <T>(value: T | T[]) => [value].flat() as T[];

/** A REST API as synthesized, with its OpenAPI body; of the body, the callers check reads each operation's security. */
type RestApiArguments = Arguments & { readonly body: string };
interface OpenApiBody {
  readonly paths: Readonly<Record<string, Readonly<Record<string, { readonly security: unknown }>>>>;
}

function policyOfRole(stack: SynthesizedStack, roleName: string): Statement[] {
  const role = findResource(stack, "aws_iam_role", (resource) => resource.name === roleName);
  const policy = findResource(stack, "aws_iam_role_policy", (resource) => resource.role === role.ref("id"));
  return readPolicy(policy.resource.policy).Statement as Statement[];
}

/** Every role policy statement in the stack, with the role it belongs to. */
function allStatements(stack: SynthesizedStack): { role: string; statement: Statement }[] {
  return resourcesOf(stack, "aws_iam_role_policy").flatMap((policy) =>
    list(readPolicy(policy.policy).Statement as Statement | Statement[]).map((statement) => ({ role: String(policy.role), statement })),
  );
}

const CHECKS: Record<string, (stack: SynthesizedStack, config: EnvironmentConfig) => void> = {
  "API callers": (stack, config) => {
    const apis = [
      { api: `${config.namePrefix}-orders-api`, role: `${config.namePrefix}-orders-api-caller`, callers: config.statusUpdates.polling!.callers },
      { api: `${config.namePrefix}-reviews-api`, role: `${config.namePrefix}-reviews-api-caller`, callers: config.reviews.api.callers },
    ];
    const methods: Record<string, string[]> = {
      orders: ["/GET/orders/*", "/GET/orders/*/status", "/POST/orders"],
      reviews: ["/GET/reviews/*", "/POST/reviews"],
    };
    for (const { api, role: name, callers } of apis) {
      const role = findResource(stack, "aws_iam_role", (resource) => resource.name === name).resource;
      expect(readPolicy(role.assume_role_policy).Statement).toEqual([
        { Effect: "Allow", Principal: { AWS: callers.map(principalArn) }, Action: "sts:AssumeRole" },
      ]);
      const restApi = findResource<RestApiArguments>(stack, "aws_api_gateway_rest_api", (resource) => resource.name === api);
      const stage = findResource(stack, "aws_api_gateway_stage", (resource) => resource.rest_api_id === restApi.ref("id")).ref("execution_arn");
      const [statement, ...others] = policyOfRole(stack, name);
      expect(others).toEqual([]);
      expect(statement.Action).toBe("execute-api:Invoke");
      expect(list(statement.Resource).sort()).toEqual(methods[api.endsWith("orders-api") ? "orders" : "reviews"].map((method) => `${stage}${method}`));
      for (const operations of Object.values((JSON.parse(restApi.resource.body) as OpenApiBody).paths)) {
        for (const operation of Object.values(operations)) expect(operation.security).toEqual([{ sigv4: [] }]);
      }
    }
    const invokers = allStatements(stack).filter(({ statement }) => list(statement.Action).some((action) => action.startsWith("execute-api")));
    expect(invokers).toHaveLength(apis.length);
  },
  guests: (stack, config) => {
    const guestRole = `${config.namePrefix}-order-status-guest`;
    const resources = policyOfRole(stack, guestRole).flatMap((statement) => {
      expect(statement.Action).toBe("appsync:GraphQL");
      return list(statement.Resource);
    });
    expect(resources.map((resource) => resource.replace(/^.*\/types\//, "")).sort()).toEqual(["Query/fields/orderStatus", "Subscription/fields/onOrderStatus"]);
  },
  EventBridge: (stack) => {
    const mutations = allStatements(stack).flatMap(({ statement }) => list(statement.Resource).filter((resource) => resource.includes("/types/Mutation/")));
    expect(mutations.length).toBeGreaterThan(0);
    for (const resource of mutations) expect(resource).toMatch(/\/types\/Mutation\/fields\/publishOrderStatus$/);
  },
  "API key clients": (stack, config) => {
    expect(resourcesOf(stack, "aws_appsync_api_key")).toHaveLength(config.statusUpdates.realtime?.apiKey ? 1 : 0);
    if (config.name === "prod") expect(config.statusUpdates.realtime?.apiKey).toBeUndefined();
  },
};

describe("the callers table of docs/security.md", () => {
  it("has a row for every checked caller, and a check for every row", () => {
    expect(callerRows().sort()).toEqual(Object.keys(CHECKS).sort());
  });

  describe.each(allEnvironments)("%s", (_, config) => {
    const stack = synthesizePlatform(config);
    it.each(Object.keys(CHECKS))("holds for %s", (row) => CHECKS[row](stack, config));

    it("encrypts every DynamoDB table, the topic and the log groups as docs/security.md says", () => {
      for (const table of resourcesOf(stack, "aws_dynamodb_table")) expect(table.server_side_encryption).toEqual(expect.objectContaining({ enabled: true }));
      const topicKeys = resourcesOf(stack, "aws_sns_topic").map((topic) => topic.kms_master_key_id);
      for (const key of topicKeys) expect(key !== undefined).toBe(config.statusUpdates.webhooks?.topicEncryption === "kms");
      for (const group of resourcesOf(stack, "aws_cloudwatch_log_group")) expect(group.kms_key_id !== undefined).toBe(config.logEncryption === "kms");
    });
  });
});
