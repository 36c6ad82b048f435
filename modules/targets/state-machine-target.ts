import { Construct } from "constructs";
import type { IRuleTarget, RuleTargetConfig, TargetRule } from "../rule-target";
import type { StateMachine } from "../state-machine";
import { ruleRole } from "./events-role";

/** Starts an execution per matched event, through a role that may start only this state machine. */
export class StateMachineTarget implements IRuleTarget {
  constructor(private readonly stateMachine: StateMachine) {}

  bind(rule: TargetRule, scope: Construct): RuleTargetConfig {
    const role = ruleRole(scope, rule, this.stateMachine.accountId, `Lets ${rule.node.id} start ${this.stateMachine.node.id}`);
    this.stateMachine.grantStartExecution(role);
    return { arn: this.stateMachine.stateMachineArn, role };
  }
}
