import { CloudWatchLogsClient, DescribeLogGroupsCommand, DescribeResourcePoliciesCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { EventBridgeClient, ListArchivesCommand, ListEventBusesCommand } from "@aws-sdk/client-eventbridge";
import { IAMClient, ListRolesCommand } from "@aws-sdk/client-iam";
import { LambdaClient, ListFunctionsCommand } from "@aws-sdk/client-lambda";
import { SFNClient, ListStateMachinesCommand } from "@aws-sdk/client-sfn";
import { ListQueuesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { awsClientConfig } from "./emulator/emulator";

/**
 * Every resource on an endpoint whose name starts with an environment's prefix, as
 * "service: name", so a destroy can be checked to leave nothing behind. One page per API:
 * enough for one environment on an emulator.
 */
export async function projectResources(endpoint: string, prefix: string): Promise<string[]> {
  const config = awsClientConfig(endpoint);
  const named = (service: string, names: readonly (string | undefined)[]) =>
    names.filter((name): name is string => !!name && name.startsWith(prefix)).map((name) => `${service}: ${name}`);
  const logGroupPrefixes = [`/aws/events/${prefix}/`, `/aws/lambda/${prefix}`, `/aws/vendedlogs/states/${prefix}`];
  const logs = new CloudWatchLogsClient(config);
  const groups = await Promise.all(
    logGroupPrefixes.map(async (logGroupNamePrefix) => (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix }))).logGroups ?? []),
  );
  const [buses, archives, queues, tables, machines, functions, roles, policies] = await Promise.all([
    new EventBridgeClient(config).send(new ListEventBusesCommand({ NamePrefix: prefix })),
    new EventBridgeClient(config).send(new ListArchivesCommand({ NamePrefix: prefix })),
    new SQSClient(config).send(new ListQueuesCommand({ QueueNamePrefix: prefix })),
    new DynamoDBClient(config).send(new ListTablesCommand({})),
    new SFNClient(config).send(new ListStateMachinesCommand({})),
    new LambdaClient(config).send(new ListFunctionsCommand({})),
    new IAMClient(config).send(new ListRolesCommand({})),
    logs.send(new DescribeResourcePoliciesCommand({})),
  ]);
  return [
    ...named(
      "events bus",
      (buses.EventBuses ?? []).map((bus) => bus.Name),
    ),
    ...named(
      "events archive",
      (archives.Archives ?? []).map((archive) => archive.ArchiveName),
    ),
    ...named(
      "sqs queue",
      (queues.QueueUrls ?? []).map((url) => url.split("/").pop()),
    ),
    ...named("dynamodb table", tables.TableNames ?? []),
    ...named(
      "states machine",
      (machines.stateMachines ?? []).map((machine) => machine.name),
    ),
    ...named(
      "lambda function",
      (functions.Functions ?? []).map((fn) => fn.FunctionName),
    ),
    ...named(
      "iam role",
      (roles.Roles ?? []).map((role) => role.RoleName),
    ),
    ...named(
      "logs resource policy",
      (policies.resourcePolicies ?? []).map((policy) => policy.policyName),
    ),
    ...groups.flat().map((group) => `logs group: ${group.logGroupName}`),
  ];
}
