import aslValidator from "asl-validator";
import { State, StateMachineDefinition } from "../../modules/asl";

/** A DynamoDB attribute value in a task's parameters: a literal, or a path into the state's input. */
type AttributeValueTemplate = { readonly S?: string; readonly "S.$"?: string; readonly N?: string; readonly "N.$"?: string };

/** An entry a PutEvents task builds: its detail holds the platform's metadata and data, literal or from paths. */
type EventEntryTemplate = {
  readonly EventBusName: string;
  readonly Source: string;
  readonly DetailType: string;
  readonly Detail: { readonly metadata: Readonly<Record<string, string>>; readonly data: Readonly<Record<string, unknown>> };
};

/**
 * The parameters of the service tasks the workflows use (DynamoDB UpdateItem and PutItem,
 * EventBridge PutEvents, SNS Publish), as tests read them: each task has some of these.
 */
export type ServiceParameters = {
  readonly Key: Readonly<Record<string, AttributeValueTemplate>>;
  readonly Item: Readonly<Record<string, AttributeValueTemplate>>;
  readonly ConditionExpression: string;
  readonly UpdateExpression: string;
  readonly ExpressionAttributeNames: Readonly<Record<string, string>>;
  readonly ExpressionAttributeValues: Readonly<Record<string, AttributeValueTemplate>>;
  readonly Entries: readonly EventEntryTemplate[];
  readonly TopicArn: string;
};

/** The fields through which a state leads on; each kind of state has some of them. */
type Transitions = Pick<State, "Type"> & {
  readonly Next?: string;
  readonly Default?: string;
  readonly End?: true;
  readonly Choices?: readonly { readonly Next: string }[];
  readonly Catch?: readonly { readonly Next: string }[];
};

/** Fails the test with asl-validator's errors unless the definition is valid Amazon States Language. */
export function expectValidAsl(candidate: unknown): void {
  // A copy: the validator writes defaults (QueryLanguage) into what it is given.
  const result = aslValidator(structuredClone(candidate), { checkPaths: true, checkArn: true });
  expect(result.errorsText()).toBe("");
  expect(result.isValid).toBe(true);
}

/** Every path from StartAt (through Next, Choices, Default and Catch), as the state names it visits once each. */
export function workflowPaths(definition: StateMachineDefinition, from = definition.StartAt, seen: string[] = []): string[][] {
  const state: Transitions = definition.States[from];
  const here = [...seen, from];
  const next = new Set<string>([
    ...(state.Next ? [state.Next] : []),
    ...(state.Default ? [state.Default] : []),
    ...(state.Choices ?? []).map((choice) => choice.Next),
    ...(state.Catch ?? []).map((catcher) => catcher.Next),
  ]);
  const ends = state.End || state.Type === "Succeed" || state.Type === "Fail" ? [here] : [];
  return [...ends, ...[...next].filter((name) => !here.includes(name)).flatMap((name) => workflowPaths(definition, name, here))];
}
