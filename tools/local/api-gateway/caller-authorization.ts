import { GetRolePolicyCommand, IAMClient, ListRolePoliciesCommand } from "@aws-sdk/client-iam";
import { Agent } from "node:https";
import { InvokeOptions, post } from "./local-invoke";
import { SigningCredentials, signRequest } from "./sigv4";

/**
 * What API Gateway does after checking a SigV4 signature on an AWS_IAM method: find who signed
 * (the access key's identity) and evaluate that identity's policies for `execute-api:Invoke` on the
 * method's ARN. On the emulator:
 * - the identity comes from the emulator's STS (GetCallerIdentity with the caller's access key id;
 *   the emulator does not verify signatures, so the secret is not needed);
 * - only sessions of `allowedRoleArn` are evaluated, and their role's inline policies decide. Any
 *   other identity is refused, although in AWS an identity whose own policies allow the call would
 *   pass: the caller role is the only identity this project grants execute-api:Invoke, and the
 *   emulator's `test` root credentials could do anything in AWS.
 */
export type CallerAuthorization = NonNullable<InvokeOptions["authorizeCaller"]>;

export interface EmulatorCallerOptions {
  /** The one role whose sessions may call (the stack's `orders_api_caller_role_arn` output). */
  readonly allowedRoleArn: string;
  /** The emulator's IAM, to read the role's policies (`new IAMClient(awsClientConfig(endpoint))`). */
  readonly iam: IAMClient;
  /** @default - no certificate verification (the emulator only listens on loopback) */
  readonly agent?: Agent;
}

const STS_REGION = "us-east-1";

export function emulatorCallerAuthorization(endpoint: string, options: EmulatorCallerOptions): CallerAuthorization {
  const agent = options.agent ?? new Agent({ rejectUnauthorized: false });
  const { iam } = options;
  return async (accessKeyId, methodArn) => {
    const caller = await callerArn(endpoint, accessKeyId, agent);
    const roleArn = roleOfSession(caller);
    if (roleArn !== options.allowedRoleArn) return { allowed: false, caller };
    const roleName = roleArn.split("/").pop()!;
    const { PolicyNames = [] } = await iam.send(new ListRolePoliciesCommand({ RoleName: roleName }));
    const documents = await Promise.all(
      PolicyNames.map(async (PolicyName) => {
        const { PolicyDocument = "{}" } = await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName }));
        return JSON.parse(decodeURIComponent(PolicyDocument));
      }),
    );
    return { allowed: policiesAllow(documents, "execute-api:Invoke", methodArn), caller };
  };
}

/** The ARN of whoever holds the access key, from the emulator's STS. */
async function callerArn(endpoint: string, accessKeyId: string, agent: Agent): Promise<string> {
  const answer = await stsQuery(endpoint, { Action: "GetCallerIdentity" }, { accessKeyId, secretAccessKey: "not-needed" }, agent);
  const arn = /<Arn>([^<]+)<\/Arn>/.exec(answer)?.[1];
  if (!arn) throw new Error(`the emulator's STS did not name the caller of access key ${accessKeyId}: ${answer.slice(0, 200)}`);
  return arn;
}

/** Temporary credentials of a session of the role, from the emulator's STS. */
export async function assumeRoleOnEmulator(endpoint: string, roleArn: string, agent = new Agent({ rejectUnauthorized: false })): Promise<SigningCredentials> {
  const params = { Action: "AssumeRole", RoleArn: roleArn, RoleSessionName: "orders-api-caller" };
  const answer = await stsQuery(endpoint, params, { accessKeyId: "test", secretAccessKey: "test" }, agent);
  const field = (name: string) => new RegExp(`<${name}>([^<]+)</${name}>`).exec(answer)?.[1];
  const [accessKeyId, secretAccessKey, sessionToken] = [field("AccessKeyId"), field("SecretAccessKey"), field("SessionToken")];
  if (!accessKeyId || !secretAccessKey) throw new Error(`the emulator's STS refused to assume ${roleArn}: ${answer.slice(0, 200)}`);
  return { accessKeyId, secretAccessKey, sessionToken };
}

async function stsQuery(endpoint: string, params: Record<string, string>, credentials: SigningCredentials, agent: Agent): Promise<string> {
  const body = new URLSearchParams({ ...params, Version: "2011-06-15" }).toString();
  const headers = { "content-type": "application/x-www-form-urlencoded" };
  const signed = await signRequest({ method: "POST", url: `${endpoint}/`, headers, body }, { service: "sts", region: STS_REGION }, credentials);
  return (await post(signed.url, signed.headers, body, agent)).body;
}

/** `arn:aws:sts::<account>:assumed-role/<name>/<session>` -> the role's ARN; anything else -> undefined. */
export function roleOfSession(caller: string): string | undefined {
  const match = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/.exec(caller);
  return match ? `arn:${match[1]}:iam::${match[2]}:role/${match[3]}` : undefined;
}

type Statement = { Effect: string; Action: string | string[]; Resource: string | string[] };

/** IAM's rule for identity policies: allowed when some statement allows and none denies. */
export function policiesAllow(documents: readonly { Statement?: Statement | Statement[] }[], action: string, resource: string): boolean {
  const statements = documents.flatMap((document) => [document.Statement ?? []].flat());
  // Actions match case-insensitively, resources exactly.
  const matching = statements.filter((statement) => anyMatch(statement.Action, action, "i") && anyMatch(statement.Resource, resource, ""));
  return matching.some((statement) => statement.Effect === "Allow") && !matching.some((statement) => statement.Effect === "Deny");
}

function anyMatch(patterns: string | string[], value: string, flags: string): boolean {
  return [patterns].flat().some((pattern) => globToRegExp(pattern, flags).test(value));
}

function globToRegExp(pattern: string, flags: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${escaped}$`, flags);
}
