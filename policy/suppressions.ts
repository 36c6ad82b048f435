import { IConstruct } from "constructs";
import { RULE_IDS, RuleId, isRuleId } from "./pack";

/** Metadata type under which a construct records the rules it is exempt from. */
const SUPPRESSION_METADATA = "policy-pack/suppression";

export interface Suppression {
  readonly ruleId: RuleId;
  /** Why the rule does not apply here: reviewers read it in the synth summary. */
  readonly reason: string;
  /** Construct path the suppression was made on; it covers that construct and everything below it. */
  readonly path: string;
}

/**
 * Exempts a construct and its children from one rule. The reason is mandatory: it is listed with
 * every synth summary, so a suppression is always a visible, reviewed decision.
 */
export function suppressRule(construct: IConstruct, ruleId: RuleId, reason: string): void {
  const path = construct.node.path;
  if (!isRuleId(ruleId)) {
    throw new Error(`${path}: suppressRule ruleId is ${JSON.stringify(ruleId)}; allowed: one of ${RULE_IDS.join(", ")}`);
  }
  if (typeof reason !== "string" || reason.trim() === "") {
    throw new Error(`${path}: suppressRule reason for ${ruleId} is ${JSON.stringify(reason)}; allowed: a non-empty reason saying why the rule does not apply`);
  }
  construct.node.addMetadata(SUPPRESSION_METADATA, { ruleId, reason: reason.trim() });
}

/** Suppressions made on a construct or any of its scopes, outermost first. */
export function suppressionsCovering(construct: IConstruct): Suppression[] {
  return construct.node.scopes.flatMap(ownSuppressions);
}

/** Suppressions made on exactly this construct. */
export function ownSuppressions(construct: IConstruct): Suppression[] {
  return construct.node.metadata
    .filter((entry) => entry.type === SUPPRESSION_METADATA)
    .map((entry) => ({ ...(entry.data as { ruleId: RuleId; reason: string }), path: construct.node.path }));
}
