import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  DocumentNode,
  GraphQLError,
  GraphQLNamedType,
  GraphQLSchema,
  Source,
  buildASTSchema,
  concatAST,
  getNamedType,
  isObjectType,
  parse,
  validate,
  validateSchema,
} from "graphql";
import type { AppSyncResolverDefinition, DynamoItemAction } from "../../modules/appsync-api";
import { InputTransformer, inputTransformer, jsonOf, textOf } from "../../modules/input-transformer";

/**
 * The order-status GraphQL API (real-time status updates): the schema and VTL resolvers as deployed,
 * the operation EventBridge sends with the input transformer that builds its variables from a
 * status event, and the documents clients send. Resolvers are VTL so that the AppSync simulator
 * (which runs VTL only) executes the very templates that are deployed.
 */

const read = (...path: string[]) => readFileSync(join(__dirname, ...path), "utf8");

/** The schema as deployed. */
export const ORDER_STATUS_SCHEMA = read("schema.graphql");
/** AppSync's scalars and directives, for validating the schema with the `graphql` library only. */
export const APPSYNC_DEFINITIONS = read("appsync-definitions.graphql");

export const ORDER_STATUS_FIELDS = {
  query: "orderStatus",
  mutation: "publishOrderStatus",
  subscription: "onOrderStatus",
} as const;

function resolver(typeName: "Query" | "Mutation", fieldName: string, tableActions: DynamoItemAction[]): AppSyncResolverDefinition {
  return {
    typeName,
    fieldName,
    requestTemplate: read("resolvers", `${typeName}.${fieldName}.request.vtl`),
    responseTemplate: read("resolvers", `${typeName}.${fieldName}.response.vtl`),
    tableActions,
  };
}

/** Subscriptions need no resolver: AppSync fans the mutation's result out to them. */
export const ORDER_STATUS_RESOLVERS: readonly AppSyncResolverDefinition[] = [
  resolver("Query", ORDER_STATUS_FIELDS.query, ["dynamodb:GetItem"]),
  resolver("Mutation", ORDER_STATUS_FIELDS.mutation, ["dynamodb:PutItem"]),
];

/**
 * Every field of Order. Subscribers receive only what the mutation selects, so the EventBridge
 * operation selects all of it, and clients may ask for any of it.
 */
export const ORDER_SELECTION = "orderId status reason category value location updatedAt";

/** What EventBridge sends (its AppSync target's GraphQL operation). */
export const PUBLISH_ORDER_STATUS_OPERATION = `mutation PublishOrderStatus($input: OrderStatusInput!) { ${ORDER_STATUS_FIELDS.mutation}(input: $input) { ${ORDER_SELECTION} } }`;

/**
 * The operation's variables, built by EventBridge from a status event (OrderProcessed,
 * OrderFailed, OrderRejected):
 * the transformed input of an AppSync target is the variables object.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/target-appsync.html
 */
export const publishOrderStatusTransformer: InputTransformer = inputTransformer({
  input: {
    orderId: textOf("$.detail.data.order-id"),
    status: textOf("$.detail.data.status"),
    reason: textOf("$.detail.data.reason"),
    category: textOf("$.detail.data.category"),
    value: jsonOf("$.detail.data.value"),
    location: textOf("$.detail.data.location"),
    updatedAt: textOf("$.time"),
  },
});

/** What a client sends to read one order's status. */
export const ORDER_STATUS_QUERY = `query OrderStatus($orderId: ID!) { ${ORDER_STATUS_FIELDS.query}(orderId: $orderId) { ${ORDER_SELECTION} } }`;

/** What a client sends to follow one order. */
export const ON_ORDER_STATUS_SUBSCRIPTION = `subscription OnOrderStatus($orderId: ID!) { ${ORDER_STATUS_FIELDS.subscription}(orderId: $orderId) { ${ORDER_SELECTION} } }`;

/** The operations this project sends, by who sends them. */
export const ORDER_STATUS_OPERATIONS: Readonly<Record<string, string>> = {
  "the EventBridge operation": PUBLISH_ORDER_STATUS_OPERATION,
  "the client query": ORDER_STATUS_QUERY,
  "the client subscription": ON_ORDER_STATUS_SUBSCRIPTION,
};

/** Builds the schema with AppSync's definitions; throws with every SDL or schema error. */
export function buildOrderStatusSchema(schema: string = ORDER_STATUS_SCHEMA): GraphQLSchema {
  const document = concatAST([parse(new Source(APPSYNC_DEFINITIONS, "appsync-definitions.graphql")), parse(new Source(schema, "schema.graphql"))]);
  let built: GraphQLSchema;
  try {
    built = buildASTSchema(document); // also validates the SDL (unknown types, directives, ...)
  } catch (error) {
    throw new Error(`the schema is invalid: ${(error as Error).message}`);
  }
  failOn("the schema is invalid", validateSchema(built));
  return built;
}

/**
 * The proof that what is deployed fits together: the schema is valid GraphQL with AppSync's
 * definitions, every `@aws_subscribe` names a mutation returning the subscription's type whose
 * fields include the subscription's arguments (AppSync filters on them), and every operation
 * this project sends validates against the schema. Throws naming each problem.
 */
export function validateOrderStatusSchema(
  schema: string = ORDER_STATUS_SCHEMA,
  operations: Readonly<Record<string, string>> = ORDER_STATUS_OPERATIONS,
): GraphQLSchema {
  const built = buildOrderStatusSchema(schema);
  failOn("the schema is invalid", subscriptionProblems(built));
  for (const [name, operation] of Object.entries(operations)) {
    failOn(`${name} is invalid`, validate(built, parseOperation(name, operation)));
  }
  return built;
}

function parseOperation(name: string, operation: string): DocumentNode {
  try {
    return parse(operation);
  } catch (error) {
    throw new Error(`${name} is invalid: ${(error as Error).message}`);
  }
}

function failOn(what: string, errors: readonly (GraphQLError | string)[]): void {
  if (errors.length > 0) throw new Error(`${what}:\n${errors.map((error) => `  - ${typeof error === "string" ? error : error.message}`).join("\n")}`);
}

/** AppSync's rules for `@aws_subscribe` that plain GraphQL validation cannot see. */
function subscriptionProblems(schema: GraphQLSchema): string[] {
  const problems: string[] = [];
  const mutations = schema.getMutationType()?.getFields() ?? {};
  for (const field of Object.values(schema.getSubscriptionType()?.getFields() ?? {})) {
    const directive = field.astNode?.directives?.find((node) => node.name.value === "aws_subscribe");
    if (!directive) continue;
    const returned: GraphQLNamedType = getNamedType(field.type);
    const argument = directive.arguments?.find((node) => node.name.value === "mutations")?.value;
    const names = argument?.kind === "ListValue" ? argument.values.flatMap((value) => (value.kind === "StringValue" ? [value.value] : [])) : [];
    if (names.length === 0) problems.push(`Subscription.${field.name}: @aws_subscribe names no mutation`);
    for (const name of names) {
      const mutation = mutations[name];
      if (!mutation) problems.push(`Subscription.${field.name}: @aws_subscribe names "${name}", which is not a mutation`);
      else if (getNamedType(mutation.type) !== returned) {
        problems.push(`Subscription.${field.name} returns ${returned.name} but mutation ${name} returns ${getNamedType(mutation.type).name}`);
      }
    }
    const resultFields = isObjectType(returned) ? Object.keys(returned.getFields()) : [];
    for (const arg of field.args) {
      if (!resultFields.includes(arg.name))
        problems.push(`Subscription.${field.name}: argument ${arg.name} is not a field of ${returned.name}, so AppSync cannot filter on it`);
    }
  }
  return problems;
}
