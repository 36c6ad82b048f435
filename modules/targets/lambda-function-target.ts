import type { NodeFunction } from "../node-function";
import type { IRuleTarget, RuleTargetConfig, TargetRule } from "../rule-target";

/** Invokes the function asynchronously; its resource policy admits this one rule. */
export class LambdaFunctionTarget implements IRuleTarget {
  constructor(private readonly fn: NodeFunction) {}

  bind(rule: TargetRule): RuleTargetConfig {
    this.fn.grantInvokeFromRule(rule);
    return { arn: this.fn.functionArn };
  }
}
