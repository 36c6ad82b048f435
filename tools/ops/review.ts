/**
 * `npm run review -- <env> list` and `npm run review -- <env> resolve <caseId> <decision> [--note TEXT] [--agent NAME]`:
 * an agent's view of customer-service cases (docs/runbook.md, "Review cases"). Works against AWS
 * (the environment's region, your credentials) and the emulator environment the same way.
 */
import "../../envs/exit-on-config-error";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SFNClient } from "@aws-sdk/client-sfn";
import { userInfo } from "node:os";
import { parseArgs } from "node:util";
import { EnvironmentConfig, environmentNamed } from "../../envs";
import { CASE_DECISIONS, CaseDecision } from "../../reviews/events/reviews";
import { reviewsResourceNames } from "../../reviews/names";
import { awsClientConfig } from "../local/emulator/emulator";
import { CaseClients, CaseError, ReviewCase, listCases, resolveCase } from "./reviews/cases";

const USAGE = `usage: npm run review -- <env> list
       npm run review -- <env> resolve <caseId> <${CASE_DECISIONS.join("|")}> [--note TEXT] [--agent NAME]`;

export type ReviewCommand =
  | { readonly environment: string; readonly command: "list" }
  | {
      readonly environment: string;
      readonly command: "resolve";
      readonly caseId: string;
      readonly decision: CaseDecision;
      readonly note?: string;
      readonly agent: string;
    };

export class ReviewUsageError extends Error {}

export function parseReviewArgs(argv: readonly string[], defaultAgent: string): ReviewCommand {
  const { values, positionals } = parseArgs({ args: [...argv], allowPositionals: true, options: { note: { type: "string" }, agent: { type: "string" } } });
  const [environment, command, ...rest] = positionals;
  if (environment && command === "list" && rest.length === 0) return { environment, command };
  if (environment && command === "resolve" && rest.length === 2) {
    const [caseId, decision] = rest;
    if (!(CASE_DECISIONS as readonly string[]).includes(decision)) {
      throw new ReviewUsageError(`decision is "${decision}"; allowed: one of ${CASE_DECISIONS.join(", ")}\n${USAGE}`);
    }
    return { environment, command, caseId, decision: decision as CaseDecision, note: values.note, agent: values.agent ?? defaultAgent };
  }
  throw new ReviewUsageError(USAGE);
}

/** The environment's DynamoDB and Step Functions: the emulator's endpoint for an emulator environment. */
export function caseClientsFor(config: EnvironmentConfig): CaseClients {
  const options = config.emulator ? awsClientConfig(config.emulator.endpoint) : { region: config.region };
  return { dynamodb: new DynamoDBClient(options), sfn: new SFNClient(options) };
}

const describe = (found: ReviewCase) =>
  `${found.caseId}  ${found.status}  ${found.sentiment}  rating ${found.rating}  ${found.subjectType} ${found.subjectId}  opened ${found.openedAt}${found.awaitingDecision ? "" : "  (not waiting yet)"}\n    ${found.text}`;

async function main(argv: readonly string[]): Promise<number> {
  const request = parseReviewArgs(argv, userInfo().username);
  const config = environmentNamed(request.environment);
  const table = reviewsResourceNames(config.namePrefix).casesTable;
  const clients = caseClientsFor(config);
  if (request.command === "list") {
    const cases = await listCases(clients, table);
    console.log(cases.length === 0 ? `No open cases in ${table}.` : cases.map(describe).join("\n"));
    return 0;
  }
  await resolveCase(clients, table, request.caseId, request);
  console.log(`Case ${request.caseId} resolved: ${request.decision}. CustomerService records it and publishes ReviewCaseClosed.`);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: Error) => {
      console.error(error instanceof ReviewUsageError || error instanceof CaseError ? error.message : error);
      process.exit(error instanceof ReviewUsageError ? 2 : 1);
    },
  );
}
