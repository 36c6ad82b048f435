import { Construct } from "constructs";
import type { AppSyncApi } from "../appsync-api";
import type { InputTransformer } from "../input-transformer";
import type { IRuleTarget, RuleTargetConfig, TargetRule } from "../rule-target";
import { ruleRole } from "./events-role";

export interface AppSyncTargetOptions {
  /** The Mutation field the operation calls; the rule's role may call this field only. */
  readonly mutationField: string;
  /** The GraphQL document EventBridge sends. */
  readonly graphqlOperation: string;
  /** Builds the operation's variables from the matched event. */
  readonly variables: InputTransformer;
}

/** Calls one mutation of the API per matched event, through a role granted that one field. */
export class AppSyncTarget implements IRuleTarget {
  constructor(
    private readonly api: AppSyncApi,
    private readonly options: AppSyncTargetOptions,
  ) {}

  bind(rule: TargetRule, scope: Construct): RuleTargetConfig {
    const { mutationField, graphqlOperation, variables } = this.options;
    const role = ruleRole(scope, rule, this.api.accountId, `Lets ${rule.node.id} call ${mutationField}, nothing else`);
    this.api.grantMutation(role, mutationField);
    return { arn: this.api.graphqlEndpointArn, role, inputTransformer: variables, graphqlOperation };
  }
}
