import { AppsyncApiKey } from "@cdktf/provider-aws/lib/appsync-api-key";
import { AppsyncDatasource } from "@cdktf/provider-aws/lib/appsync-datasource";
import { AppsyncGraphqlApi } from "@cdktf/provider-aws/lib/appsync-graphql-api";
import { AppsyncResolver } from "@cdktf/provider-aws/lib/appsync-resolver";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { DocumentNode, Kind, parse } from "graphql";
import { ArnScope, arnFor, withLocation } from "./arn";
import {
  APPSYNC_API_KEY_DAYS,
  APPSYNC_FIELD_LOG_LEVELS,
  AppSyncFieldLogLevel,
  IAM_ROLE_NAME_MAX_LENGTH,
  LogRetentionDays,
  assertIntegerInRange,
  assertNameLength,
} from "./aws-limits";
import type { DynamoTable } from "./dynamodb-table";
import { LogGroup } from "./log-group";
import type { Watched, WatchedResource } from "./monitoring/watched";
import { PolicyGrantee } from "./policy-document";
import { ServiceRole } from "./service-role";
import { RenewalWindow, renewalWindowProblems, renewedExpiry } from "./renewal-window";

/** The root types a field-level grant can name. */
export type OperationType = "Query" | "Mutation" | "Subscription";

/** The item-level DynamoDB actions a VTL request template can perform. */
export type DynamoItemAction = "dynamodb:GetItem" | "dynamodb:PutItem" | "dynamodb:UpdateItem" | "dynamodb:DeleteItem" | "dynamodb:Query";

/** A unit resolver on the table data source, with VTL request and response templates. */
export interface AppSyncResolverDefinition {
  readonly typeName: string;
  readonly fieldName: string;
  readonly requestTemplate: string;
  readonly responseTemplate: string;
  /** What the request template does to the table: the data source role is granted exactly these. */
  readonly tableActions: readonly DynamoItemAction[];
}

export interface AppSyncApiKeyOptions {
  /**
   * Days a key is valid from the start of its renewal window (see `renewedExpiry`).
   * @see APPSYNC_API_KEY_DAYS
   */
  readonly expiresInDays: number;
  /** The first apply this many days after the last renewal (calendar windows) extends the expiry. */
  readonly renewEveryDays: number;
}

export interface AppSyncApiProps {
  /** API name; its roles are `<name>-logs` and `<name>-table`. */
  readonly name: string;
  /** The schema SDL as deployed: without AppSync's own scalars and directives. */
  readonly schema: string;
  /** Unit resolvers, all on the table's data source; at least one. */
  readonly resolvers: readonly AppSyncResolverDefinition[];
  /** The DynamoDB table the resolvers read and write. */
  readonly table: DynamoTable;
  /** Field-level logging to `/aws/appsync/apis/<apiId>`; resolver errors are always logged. */
  readonly fieldLogLevel: AppSyncFieldLogLevel;
  readonly logRetentionDays: LogRetentionDays;
  /**
   * Adds API_KEY as an additional auth mode, with one key.
   * @default - AWS_IAM is the only mode
   */
  readonly apiKey?: AppSyncApiKeyOptions;
  /** @default - the stack's deployment account (setDeploymentLocation) */
  readonly accountId?: string;
  /** @default - the stack's deployment region (setDeploymentLocation) */
  readonly region?: string;
}

type LocatedProps = AppSyncApiProps & ArnScope;

export type { PolicyGrantee } from "./policy-document";

const DATA_SOURCE_NAME = "Table";

/**
 * An AppSync GraphQL API with AWS_IAM as its default auth mode, a DynamoDB table as its one data
 * source, field-level logging to a log group it owns (with retention) and X-Ray tracing. Access to
 * fields is granted per field: `grantMutation(role, "publishOrderStatus")`.
 */
export class AppSyncApi extends Construct implements Watched {
  readonly apiId: string;
  readonly apiArn: string;
  readonly graphqlUrl: string;
  /** The real-time (WebSocket) endpoint; empty where the service reports none. */
  readonly realtimeUrl: string;
  /**
   * What an EventBridge AppSync target points at: `arn:aws:appsync:<region>:<account>:endpoints/graphql-api/<id>`,
   * where `<id>` is the first label of the GraphQL endpoint's host (not the API id). The provider exports
   * no such attribute (CloudFormation calls it GraphQLEndpointArn), so it is derived from `uris["GRAPHQL"]`.
   */
  readonly graphqlEndpointArn: string;
  readonly logGroupName: string;
  /** The API's account: roles that call it trust EventBridge of this account only. */
  readonly accountId: string;
  /** The API key (a sensitive value), when the API has one. */
  readonly apiKey?: string;
  /** Server errors page ops (modules/monitoring). */
  readonly watched: WatchedResource;
  private readonly fieldsByType: ReadonlyMap<string, readonly string[]>;

  constructor(scope: Construct, id: string, input: AppSyncApiProps) {
    super(scope, id);
    const props = withLocation(this, input);
    this.fieldsByType = objectFields(this.node.path, props.schema);
    this.validate(props);

    const logsRole = this.role("LogsRole", `${props.name}-logs`, `Lets AppSync write the field logs of ${props.name}`, props.accountId);
    const api = new AppsyncGraphqlApi(this, "Resource", {
      name: props.name,
      authenticationType: "AWS_IAM",
      additionalAuthenticationProvider: props.apiKey ? [{ authenticationType: "API_KEY" }] : undefined,
      schema: props.schema,
      // EventBridge delivers only to public (GLOBAL) APIs.
      visibility: "GLOBAL",
      xrayEnabled: true,
      logConfig: { cloudwatchLogsRoleArn: logsRole.roleArn, fieldLogLevel: props.fieldLogLevel },
    });
    // The group AppSync writes to, created by Terraform (with retention) right after the API.
    const logs = new LogGroup(this, "Logs", { name: `/aws/appsync/apis/${api.id}`, retentionDays: props.logRetentionDays });
    // No logs:CreateLogGroup: AppSync cannot create the group without retention behind Terraform's back.
    logsRole.grant({ Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${logs.logGroupArn}:*` });

    this.apiId = api.id;
    this.apiArn = api.arn;
    this.graphqlUrl = api.uris.lookup("GRAPHQL");
    // try(): lookup() with an empty default renders without it in cdktf 0.21.
    this.realtimeUrl = Fn.try([api.uris.lookup("REALTIME"), ""]);
    this.graphqlEndpointArn = arnFor("appsync", props, `endpoints/graphql-api/${Fn.element(Fn.regex("^https?://([^.]+)[.]", this.graphqlUrl), 0)}`);
    this.logGroupName = logs.logGroupName;
    this.accountId = props.accountId;
    this.watched = { kind: "graphql-api", dimensions: { GraphQLAPIId: api.id }, label: props.name, arn: this.graphqlEndpointArn };
    this.addResolvers(api, props);
    if (props.apiKey) this.apiKey = this.addApiKey(api, props.apiKey);
  }

  /** Allows `appsync:GraphQL` on exactly these fields of a root type. */
  grantFields(grantee: PolicyGrantee, typeName: OperationType, ...fieldNames: string[]): void {
    const known = this.fieldsByType.get(typeName) ?? [];
    const allowed = known.join(", ") || `none (the schema has no ${typeName} type)`;
    if (fieldNames.length === 0) throw new Error(`${this.node.path}: a grant on ${typeName} names no field; allowed: one or more of ${allowed}`);
    for (const fieldName of fieldNames) {
      if (!known.includes(fieldName)) throw new Error(`${this.node.path}: cannot grant ${typeName}.${fieldName}: no such field; allowed: ${allowed}`);
    }
    grantee.grant({
      Effect: "Allow",
      Action: "appsync:GraphQL",
      Resource: fieldNames.map((fieldName) => `${this.apiArn}/types/${typeName}/fields/${fieldName}`),
    });
  }

  grantQuery(grantee: PolicyGrantee, ...fieldNames: string[]): void {
    this.grantFields(grantee, "Query", ...fieldNames);
  }

  grantMutation(grantee: PolicyGrantee, ...fieldNames: string[]): void {
    this.grantFields(grantee, "Mutation", ...fieldNames);
  }

  grantSubscription(grantee: PolicyGrantee, ...fieldNames: string[]): void {
    this.grantFields(grantee, "Subscription", ...fieldNames);
  }

  private validate(props: AppSyncApiProps): void {
    const path = this.node.path;
    if (!APPSYNC_FIELD_LOG_LEVELS.includes(props.fieldLogLevel)) {
      throw new RangeError(`${path}: fieldLogLevel is ${JSON.stringify(props.fieldLogLevel)}; allowed: one of ${APPSYNC_FIELD_LOG_LEVELS.join(", ")}`);
    }
    if (props.apiKey) {
      assertIntegerInRange(path, "apiKey.expiresInDays", props.apiKey.expiresInDays, APPSYNC_API_KEY_DAYS);
      const [problem] = renewalWindowProblems(this.renewalWindow(props.apiKey));
      if (problem) throw new RangeError(`${path}: apiKey.${problem}`);
    }
    for (const suffix of ["logs", "table"]) assertNameLength(path, "name (in its role names)", `${props.name}-${suffix}`, IAM_ROLE_NAME_MAX_LENGTH);
    if (props.resolvers.length === 0) throw new Error(`${path}: resolvers is empty; allowed: one or more resolvers on the table`);
    const seen = new Set<string>();
    for (const { typeName, fieldName } of props.resolvers) {
      const field = `${typeName}.${fieldName}`;
      if (!(this.fieldsByType.get(typeName) ?? []).includes(fieldName)) {
        throw new Error(`${path}: resolvers has ${field}, which is not in the schema; allowed: fields of its object types`);
      }
      if (seen.has(field)) throw new Error(`${path}: resolvers has ${field} twice; allowed: one resolver per field`);
      seen.add(field);
    }
  }

  private role(id: string, name: string, description: string, accountId: string): ServiceRole {
    return new ServiceRole(this, id, { name, description, service: "appsync.amazonaws.com", sourceAccount: accountId });
  }

  /** One data source on the table, whose role may do exactly what the resolvers' templates do. */
  private addResolvers(api: AppsyncGraphqlApi, props: LocatedProps): void {
    const role = this.role("TableRole", `${props.name}-table`, `Lets the resolvers of ${props.name} use their table`, props.accountId);
    const actions = [...new Set(props.resolvers.flatMap((resolver) => resolver.tableActions))].sort();
    role.grant({ Effect: "Allow", Action: actions, Resource: props.table.tableArn });
    const dataSource = new AppsyncDatasource(this, "DataSource", {
      apiId: api.id,
      name: DATA_SOURCE_NAME,
      type: "AMAZON_DYNAMODB",
      serviceRoleArn: role.roleArn,
      dynamodbConfig: { tableName: props.table.tableName, region: props.region },
    });
    for (const resolver of props.resolvers) {
      new AppsyncResolver(this, `${resolver.typeName}-${resolver.fieldName}`, {
        apiId: api.id,
        type: resolver.typeName,
        field: resolver.fieldName,
        kind: "UNIT",
        dataSource: dataSource.name,
        requestTemplate: resolver.requestTemplate,
        responseTemplate: resolver.responseTemplate,
      });
    }
  }

  private addApiKey(api: AppsyncGraphqlApi, options: AppSyncApiKeyOptions): string {
    const key = new AppsyncApiKey(this, "ApiKey", {
      apiId: api.id,
      description: `Valid ${options.expiresInDays} days; renewed by the first apply every ${options.renewEveryDays} days`,
      expires: renewedExpiry(this.renewalWindow(options)),
    });
    return key.key;
  }

  private renewalWindow(options: AppSyncApiKeyOptions): RenewalWindow {
    return { validDays: options.expiresInDays, renewEveryDays: options.renewEveryDays };
  }
}

/** Field names per object type of the schema; throws when the schema does not parse. */
function objectFields(path: string, schema: string): ReadonlyMap<string, readonly string[]> {
  let document: DocumentNode;
  try {
    document = parse(schema);
  } catch (error) {
    throw new Error(`${path}: schema does not parse: ${(error as Error).message}; allowed: GraphQL SDL`);
  }
  const fields = new Map<string, string[]>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OBJECT_TYPE_DEFINITION || definition.kind === Kind.OBJECT_TYPE_EXTENSION) {
      const names = fields.get(definition.name.value) ?? [];
      names.push(...(definition.fields ?? []).map((field) => field.name.value));
      fields.set(definition.name.value, names);
    }
  }
  return fields;
}
