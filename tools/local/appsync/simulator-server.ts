// The simulator process started by simulator.ts: `node --import tsx simulator-server.ts '<options JSON>'`.
// Prints one READY line with its URLs, runs until SIGTERM/SIGINT or until its stdin closes (its
// parent is gone).
import "./simulator-graphql"; // first: before anything loads @graphql-tools
import {
  AmplifyAppSyncSimulator,
  AmplifyAppSyncSimulatorAuthenticationType as AuthType,
  AmplifyAppSyncSimulatorConfig,
  RESOLVER_KIND,
} from "@aws-amplify/amplify-appsync-simulator";
import { ORDER_STATUS_RESOLVERS, ORDER_STATUS_SCHEMA } from "../../../orders/graphql/order-status-api";
import { awsClientConfig } from "../emulator/emulator";

export interface SimulatorServerOptions {
  /** The emulator (https://127.0.0.1:<port>) whose DynamoDB holds the table. */
  readonly dynamodbEndpoint: string;
  readonly tableName: string;
  /** Also accept API_KEY, with this key. */
  readonly apiKey?: string;
  /** 0: the first free port from 8900. */
  readonly port: number;
}

const READY = "APPSYNC SIMULATOR READY"; // simulator.ts waits for this line
const DATA_SOURCE = "Table";

function simulatorConfig(options: SimulatorServerOptions): AmplifyAppSyncSimulatorConfig {
  // The emulator's certificate is self-signed; awsClientConfig trusts it for this loopback URL.
  const { endpoint, region, credentials, requestHandler } = awsClientConfig(options.dynamodbEndpoint);
  const dataSource = {
    type: "AMAZON_DYNAMODB" as const,
    name: DATA_SOURCE,
    config: { endpoint, region, tableName: options.tableName },
    // Handed to the simulator's DynamoDBClient as is (not in its typings).
    options: { credentials, requestHandler },
  };
  return {
    schema: { content: ORDER_STATUS_SCHEMA },
    dataSources: [dataSource],
    resolvers: ORDER_STATUS_RESOLVERS.map((resolver) => ({
      kind: RESOLVER_KIND.UNIT as const,
      typeName: resolver.typeName,
      fieldName: resolver.fieldName,
      dataSourceName: DATA_SOURCE,
      requestMappingTemplate: resolver.requestTemplate,
      responseMappingTemplate: resolver.responseTemplate,
    })),
    appSync: {
      name: "order-status-local",
      defaultAuthenticationType: { authenticationType: AuthType.AWS_IAM },
      additionalAuthenticationProviders: options.apiKey ? [{ authenticationType: AuthType.API_KEY }] : [],
      apiKey: options.apiKey,
    },
  };
}

/**
 * AppSync delivers a mutation result to a subscriber only if every argument the subscriber gave
 * equals the result's field of that name. The simulator's filter is called without the
 * arguments (so everyone gets everything); each subscription field gets the real rule here.
 * @see https://docs.aws.amazon.com/appsync/latest/devguide/aws-appsync-real-time-data.html
 */
function filterSubscriptionsByArguments(simulator: AmplifyAppSyncSimulator): void {
  for (const field of Object.values(simulator.schema.getSubscriptionType()?.getFields() ?? {})) {
    field.subscribe = (_source, args: Record<string, unknown>) =>
      filtered(
        simulator.pubsub.asyncIterator<Record<string, unknown> | null>(field.name),
        (result) => result != null && Object.entries(args).every(([name, value]) => result[name] === value),
      );
  }
}

/** Passes on the values that match; return() reaches the source, so an unsubscribe frees it. */
function filtered<T>(source: AsyncIterator<T>, matches: (value: T) => boolean): AsyncIterableIterator<T> {
  return {
    async next() {
      for (;;) {
        const result = await source.next();
        if (result.done || matches(result.value)) return result;
      }
    },
    return: () => source.return?.() ?? Promise.resolve({ done: true, value: undefined }),
    throw: (error?: unknown) => source.throw?.(error) ?? Promise.reject(error),
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? "{}") as SimulatorServerOptions;
  const simulator = new AmplifyAppSyncSimulator({ port: options.port, wsPort: 0 });
  simulator.init(simulatorConfig(options));
  filterSubscriptionsByArguments(simulator);
  await simulator.start();
  const stop = () => simulator.stop().finally(() => process.exit(0));
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  process.stdin.on("end", stop).resume();
  const { port } = new URL(simulator.localhostUrl);
  console.log(`${READY} ${JSON.stringify({ graphqlUrl: `http://127.0.0.1:${port}/graphql`, realtimeUrl: `ws://127.0.0.1:${port}/graphql/realtime` })}`);
}

if (require.main === module) {
  main().catch((error: Error) => {
    console.error(error.stack ?? error.message);
    process.exit(1);
  });
}
