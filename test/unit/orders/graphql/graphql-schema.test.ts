import {
  AmplifyAppSyncSimulator,
  AmplifyAppSyncSimulatorAuthenticationType,
  AppSyncGraphQLExecutionContext,
  IAMToken,
  VelocityTemplate,
} from "@aws-amplify/amplify-appsync-simulator";
import { FieldNode, GraphQLEnumType, GraphQLObjectType, OperationDefinitionNode, buildASTSchema, execute, getNamedType, parse } from "graphql";
import { getVariableValues } from "graphql/execution/values";
import {
  ON_ORDER_STATUS_SUBSCRIPTION,
  ORDER_STATUS_FIELDS,
  ORDER_STATUS_QUERY,
  ORDER_STATUS_RESOLVERS,
  ORDER_STATUS_SCHEMA,
  PUBLISH_ORDER_STATUS_OPERATION,
  publishOrderStatusTransformer,
  validateOrderStatusSchema,
} from "../../../../orders/graphql/order-status-api";
import { ORDER_STATUSES, STATUS_REASONS } from "../../../../orders/events/orders";
import { SEED_ORDERS, orderPlacedDetail, orderProcessedEvent, orderStatusEvent } from "../../../../orders/events/samples";
import { applyTransformer } from "../../../support/input-transformer";

const schema = validateOrderStatusSchema();
const processed = orderProcessedEvent(orderPlacedDetail(SEED_ORDERS.labSupplies, "order-1"));
const operation = (document: string) => parse(document).definitions[0] as OperationDefinitionNode;
const enumValues = (name: string) =>
  (getNamedType(schema.getType(name)!) as GraphQLEnumType)
    .getValues()
    .map((value) => value.name)
    .sort();
const orderFields = () => Object.keys((schema.getType("Order") as GraphQLObjectType).getFields()).sort();
const selectedFields = (document: string) =>
  (operation(document).selectionSet.selections[0] as FieldNode).selectionSet!.selections.map((field) => (field as FieldNode).name.value).sort();

describe("the order-status schema, validated with the graphql library", () => {
  it("builds with AppSync's scalars and directives and has the three root types", () => {
    expect(schema.getQueryType()?.getFields()).toHaveProperty(ORDER_STATUS_FIELDS.query);
    expect(schema.getMutationType()?.getFields()).toHaveProperty(ORDER_STATUS_FIELDS.mutation);
    expect(schema.getSubscriptionType()?.getFields()).toHaveProperty(ORDER_STATUS_FIELDS.subscription);
  });

  it("does not build without AppSync's definitions (they are declared for validation, not deployed)", () => {
    expect(() => buildASTSchema(parse(ORDER_STATUS_SCHEMA))).toThrow(/Unknown (type "AWSDateTime"|directive "@aws_iam")/);
  });

  it("subscribes onOrderStatus to publishOrderStatus", () => {
    const directive = schema
      .getSubscriptionType()!
      .getFields()
      [ORDER_STATUS_FIELDS.subscription].astNode!.directives!.find((node) => node.name.value === "aws_subscribe");
    expect(directive?.arguments?.[0].value).toEqual(expect.objectContaining({ values: [expect.objectContaining({ value: "publishOrderStatus" })] }));
  });

  it("lets only IAM call the mutation, and IAM or an API key the client fields", () => {
    const directives = (type: GraphQLObjectType | null | undefined, field: string) =>
      type!
        .getFields()
        [field].astNode!.directives!.map((node) => node.name.value)
        .filter((name) => name !== "aws_subscribe");
    expect(directives(schema.getMutationType(), ORDER_STATUS_FIELDS.mutation)).toEqual(["aws_iam"]);
    expect(directives(schema.getQueryType(), ORDER_STATUS_FIELDS.query)).toEqual(["aws_iam", "aws_api_key"]);
    expect(directives(schema.getSubscriptionType(), ORDER_STATUS_FIELDS.subscription)).toEqual(["aws_iam", "aws_api_key"]);
  });

  it("refuses an unknown type", () => {
    expect(() => validateOrderStatusSchema(ORDER_STATUS_SCHEMA.replace("updatedAt: AWSDateTime!", "updatedAt: AWSDateTme!"))).toThrow(
      /the schema is invalid: Unknown type "AWSDateTme"/,
    );
  });

  it("refuses an @aws_subscribe naming a mutation the schema lacks", () => {
    expect(() => validateOrderStatusSchema(ORDER_STATUS_SCHEMA.replace('mutations: ["publishOrderStatus"]', 'mutations: ["publishOrder"]'))).toThrow(
      /Subscription.onOrderStatus: @aws_subscribe names "publishOrder", which is not a mutation/,
    );
  });

  it("refuses a subscription whose type differs from its mutation's", () => {
    const changed = ORDER_STATUS_SCHEMA.replace("publishOrderStatus(input: OrderStatusInput!): Order", "publishOrderStatus(input: OrderStatusInput!): Boolean");
    expect(() => validateOrderStatusSchema(changed, {})).toThrow(/Subscription.onOrderStatus returns Order but mutation publishOrderStatus returns Boolean/);
  });

  it("refuses a subscription argument AppSync cannot filter on", () => {
    const changed = ORDER_STATUS_SCHEMA.replace("onOrderStatus(orderId: ID!)", "onOrderStatus(orderId: ID!, customer: ID)");
    expect(() => validateOrderStatusSchema(changed, {})).toThrow(/argument customer is not a field of Order, so AppSync cannot filter on it/);
  });

  it("refuses an operation that selects a field Order lacks", () => {
    expect(() => validateOrderStatusSchema(ORDER_STATUS_SCHEMA, { "a client query": 'query { orderStatus(orderId: "1") { eta } }' })).toThrow(
      /a client query is invalid:\n {2}- Cannot query field "eta" on type "Order"/,
    );
  });

  it("refuses an operation that does not parse", () => {
    expect(() => validateOrderStatusSchema(ORDER_STATUS_SCHEMA, { "a client query": "query {" })).toThrow(/a client query is invalid: Syntax Error/);
  });

  it.each([
    ["the EventBridge operation", PUBLISH_ORDER_STATUS_OPERATION],
    ["the client query", ORDER_STATUS_QUERY],
    ["the client subscription", ON_ORDER_STATUS_SUBSCRIPTION],
  ])("%s selects every field of Order (subscribers receive what the mutation selects)", (_, document) => {
    expect(selectedFields(document)).toEqual(orderFields());
  });

  it("has a status value for every status of the event contract", () => {
    expect(enumValues("OrderStatus")).toEqual([...ORDER_STATUSES].sort());
  });

  it("has a reason value for every reason of the event contract", () => {
    expect(enumValues("OrderStatusReason")).toEqual(Object.keys(STATUS_REASONS).sort());
  });
});

describe("the EventBridge operation with the variables its input transformer builds", () => {
  const variables = applyTransformer(publishOrderStatusTransformer, processed);

  it("turns an OrderProcessed event into the mutation's input", () => {
    expect(variables).toEqual({
      input: {
        orderId: "order-1",
        status: "PROCESSED",
        reason: "COMPLETED",
        category: "lab-supplies",
        value: 415,
        location: "eu-west",
        updatedAt: processed.time,
      },
    });
  });

  it.each([
    ["OrderFailed", orderStatusEvent(orderPlacedDetail(SEED_ORDERS.labSupplies, "order-2"), "FAILED", "INVALID_ORDER")],
    ["OrderRejected", orderStatusEvent(orderPlacedDetail({ ...SEED_ORDERS.labSupplies, location: "us-east" }, "order-3"), "REJECTED", "LOCATION_NOT_SERVED")],
  ])("turns an %s event into input the mutation accepts, with its status and reason", (_, event) => {
    const built = applyTransformer(publishOrderStatusTransformer, event);
    expect(built.input).toEqual(expect.objectContaining({ status: event.detail.data.status, reason: event.detail.data.reason }));
    const coerced = getVariableValues(schema, operation(PUBLISH_ORDER_STATUS_OPERATION).variableDefinitions ?? [], built);
    expect(coerced.errors).toBeUndefined();
  });

  it("gives variables the mutation's input type accepts, as graphql coerces them", () => {
    const coerced = getVariableValues(schema, operation(PUBLISH_ORDER_STATUS_OPERATION).variableDefinitions ?? [], variables);
    expect(coerced.errors).toBeUndefined();
    expect(coerced.coerced).toEqual(variables);
  });

  it("executes against the schema and hands the resolver exactly the event's fields", async () => {
    const result = await execute({
      schema,
      document: parse(PUBLISH_ORDER_STATUS_OPERATION),
      variableValues: variables,
      rootValue: { publishOrderStatus: ({ input }: { input: object }) => input },
    });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ publishOrderStatus: variables.input });
  });

  it("is refused for a status the schema does not know", () => {
    const shipped = applyTransformer(publishOrderStatusTransformer, {
      ...processed,
      detail: { ...processed.detail, data: { ...processed.detail.data, status: "SHIPPED" } },
    });
    const coerced = getVariableValues(schema, operation(PUBLISH_ORDER_STATUS_OPERATION).variableDefinitions ?? [], shipped);
    expect(coerced.errors?.map((error) => error.message)).toEqual([expect.stringMatching(/Value "SHIPPED" does not exist in "OrderStatus" enum/)]);
  });
});

describe("the VTL resolvers, rendered by the AppSync simulator's VTL engine", () => {
  // What a template sees of the request: an IAM caller (its token empty: no template reads it), no
  // selection set. The resolve info holds only what the simulator reads of it, typed as the
  // simulator's own graphql version does, hence the cast through unknown.
  const request: AppSyncGraphQLExecutionContext = {
    requestAuthorizationMode: AmplifyAppSyncSimulatorAuthenticationType.AWS_IAM,
    iamToken: {} as IAMToken,
    headers: {},
    appsyncErrors: [],
  };
  const info = { fieldName: "field", path: { key: "field" }, fieldNodes: [], variableValues: {} } as unknown as Parameters<VelocityTemplate["render"]>[2];
  const render = (template: string, args: object, outcome: { result?: unknown; error?: object } = {}) =>
    new VelocityTemplate({ content: template }, {} as AmplifyAppSyncSimulator).render({ arguments: args, source: {}, ...outcome }, request, info);
  const input = applyTransformer(publishOrderStatusTransformer, processed).input as Record<string, unknown>;
  const argsOf = { Mutation: { input }, Query: { orderId: "order-1" } } as Record<string, object>;
  const resolverFor = (typeName: string) => ORDER_STATUS_RESOLVERS.find((resolver) => resolver.typeName === typeName)!;

  it.each(ORDER_STATUS_RESOLVERS.map((resolver) => [`${resolver.typeName}.${resolver.fieldName}`, resolver] as const))(
    "%s performs exactly the DynamoDB action its data source is granted",
    (_, resolver) => {
      const { result, errors } = render(resolver.requestTemplate, argsOf[resolver.typeName]);
      expect(errors).toEqual([]);
      expect([`dynamodb:${result.operation}`]).toEqual(resolver.tableActions);
    },
  );

  it("has a resolver for the query and the mutation, none for the subscription", () => {
    expect(ORDER_STATUS_RESOLVERS.map((resolver) => `${resolver.typeName}.${resolver.fieldName}`).sort()).toEqual([
      "Mutation.publishOrderStatus",
      "Query.orderStatus",
    ]);
  });

  it("writes every field of the input, keyed by orderId", () => {
    const { result } = render(resolverFor("Mutation").requestTemplate, { input });
    expect(result.key).toEqual({ orderId: { S: "order-1" } });
    expect(result.attributeValues).toEqual({
      status: { S: "PROCESSED" },
      reason: { S: "COMPLETED" },
      category: { S: "lab-supplies" },
      value: { N: "415" },
      location: { S: "eu-west" },
      updatedAt: { S: processed.time },
    });
    expect([...Object.keys(result.key), ...Object.keys(result.attributeValues)].sort()).toEqual(orderFields());
  });

  it("writes only when the stored status is older: a replay with an equal time is refused, so nobody is told twice", () => {
    const { result } = render(resolverFor("Mutation").requestTemplate, { input });
    expect(result.condition).toEqual({
      expression: "attribute_not_exists(orderId) OR updatedAt < :updatedAt",
      expressionValues: { ":updatedAt": { S: processed.time } },
    });
  });

  it("reads one order by its key", () => {
    const { result } = render(resolverFor("Query").requestTemplate, { orderId: "order-1" });
    expect(result).toEqual({ version: "2018-05-29", operation: "GetItem", key: { orderId: { S: "order-1" } } });
  });

  it.each(["Query", "Mutation"])("turns a data source error of %s into a GraphQL error", (typeName) => {
    const error = { message: "The conditional request failed", type: "DynamoDB:ConditionalCheckFailedException" };
    const rendered = render(resolverFor(typeName).responseTemplate, {}, { result: null, error });
    expect(rendered.hadException).toBe(true);
    expect(rendered.errors).toEqual([expect.objectContaining({ errorType: error.type, message: expect.stringMatching(/^The conditional request failed/) })]);
  });
});
