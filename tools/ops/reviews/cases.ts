import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { SFNClient, SendTaskSuccessCommand } from "@aws-sdk/client-sfn";
import { CASE_DECISIONS, CaseDecision, CaseStatus } from "../../../reviews/events/reviews";
import { TASK_TOKEN_ATTRIBUTE } from "../../../reviews/workflows/customer-service";

/**
 * Customer-service cases as an agent sees them: list the open ones, resolve one with a decision.
 * Resolving reads the case's task token and sends it back with SendTaskSuccess, which is what the
 * waiting CustomerService execution resumes on. The same calls work against AWS and the emulator.
 */

export interface CaseClients {
  readonly dynamodb: DynamoDBClient;
  readonly sfn: SFNClient;
}

export interface ReviewCase {
  readonly caseId: string;
  readonly status: CaseStatus;
  readonly sentiment: string;
  readonly rating: number;
  readonly subjectType: string;
  readonly subjectId: string;
  readonly text: string;
  readonly openedAt: string;
  /** The CustomerService execution that opened the case and waits on it. */
  readonly executionArn: string;
  /** False until the workflow has written its task token: the case cannot be resolved before. */
  readonly awaitingDecision: boolean;
  readonly decision?: string;
  readonly note?: string;
}

export interface Resolution {
  readonly decision: CaseDecision;
  /** @default - "(no note)" */
  readonly note?: string;
  /** Who decided, recorded in the case. */
  readonly agent: string;
}

/** A case that cannot be resolved as asked: the message says why and what to do. */
export class CaseError extends Error {}

const NO_NOTE = "(no note)";

/** Cases in the given status (OPEN by default), oldest first. */
export async function listCases(clients: CaseClients, tableName: string, status: CaseStatus = "OPEN"): Promise<ReviewCase[]> {
  const documents = DynamoDBDocumentClient.from(clients.dynamodb);
  const cases: ReviewCase[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: "#status = :status",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":status": status },
        ExclusiveStartKey: startKey,
      }),
    );
    cases.push(...((page.Items ?? []) as CaseItem[]).map(toCase));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return cases.sort((a, b) => a.openedAt.localeCompare(b.openedAt));
}

/** One case, read consistently, or undefined. */
export async function getCase(clients: CaseClients, tableName: string, caseId: string): Promise<ReviewCase | undefined> {
  const item = await readCase(clients, tableName, caseId);
  return item && toCase(item);
}

/** Sends the agent's decision to the waiting workflow; it records the outcome and announces ReviewCaseClosed. */
export async function resolveCase(clients: CaseClients, tableName: string, caseId: string, resolution: Resolution): Promise<ReviewCase> {
  if (!(CASE_DECISIONS as readonly string[]).includes(resolution.decision)) {
    throw new CaseError(`decision is "${resolution.decision}"; allowed: one of ${CASE_DECISIONS.join(", ")}`);
  }
  const item = await readCase(clients, tableName, caseId);
  if (!item) throw new CaseError(`no case ${caseId} in ${tableName}; list the open ones with: list`);
  if (item.status !== "OPEN") throw new CaseError(`case ${caseId} is ${item.status}, not OPEN: it cannot be resolved again`);
  const token = item[TASK_TOKEN_ATTRIBUTE];
  if (typeof token !== "string") throw new CaseError(`case ${caseId} is not waiting for a decision yet; try again in a few seconds`);
  const output = { decision: resolution.decision, note: resolution.note || NO_NOTE, agent: resolution.agent };
  await clients.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(output) }));
  return toCase(item);
}

/** A case item as CustomerService writes it (customer-service.ts). */
type CaseItem = Omit<ReviewCase, "awaitingDecision" | "rating"> & { readonly rating: number | string; readonly [TASK_TOKEN_ATTRIBUTE]?: string };

async function readCase(clients: CaseClients, tableName: string, caseId: string): Promise<CaseItem | undefined> {
  const documents = DynamoDBDocumentClient.from(clients.dynamodb);
  const { Item } = await documents.send(new GetCommand({ TableName: tableName, Key: { caseId }, ConsistentRead: true }));
  return Item as CaseItem | undefined;
}

function toCase(item: CaseItem): ReviewCase {
  return {
    caseId: item.caseId,
    status: item.status,
    sentiment: item.sentiment,
    rating: Number(item.rating),
    subjectType: item.subjectType,
    subjectId: item.subjectId,
    text: item.text,
    openedAt: item.openedAt,
    executionArn: item.executionArn,
    awaitingDecision: typeof item[TASK_TOKEN_ATTRIBUTE] === "string",
    ...(item.decision !== undefined && { decision: item.decision, note: item.note }),
  };
}
