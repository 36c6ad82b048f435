import aslValidator from "asl-validator";
import { StateMachineDefinition } from "../../modules/asl";

/** Fails the test with asl-validator's errors unless the definition is valid Amazon States Language. */
export function expectValidAsl(candidate: unknown): void {
  // A copy: the validator writes defaults (QueryLanguage) into what it is given.
  const result = aslValidator(structuredClone(candidate), { checkPaths: true, checkArn: true });
  expect(result.errorsText()).toBe("");
  expect(result.isValid).toBe(true);
}

/** Every path from StartAt (through Next, Choices, Default and Catch), as the state names it visits once each. */
export function workflowPaths(definition: StateMachineDefinition, from = definition.StartAt, seen: string[] = []): string[][] {
  const state = definition.States[from] as any;
  const here = [...seen, from];
  const next = new Set<string>([
    ...(state.Next ? [state.Next] : []),
    ...(state.Default ? [state.Default] : []),
    ...(state.Choices ?? []).map((choice: any) => choice.Next),
    ...(state.Catch ?? []).map((catcher: any) => catcher.Next),
  ]);
  const ends = state.End || state.Type === "Succeed" || state.Type === "Fail" ? [here] : [];
  return [...ends, ...[...next].filter((name) => !here.includes(name)).flatMap((name) => workflowPaths(definition, name, here))];
}
