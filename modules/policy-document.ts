import { Fn } from "cdktf";

/** IAM policy documents as typed data, rendered once with Terraform's jsonencode (token-safe). */

export type OneOrMany<T> = T | readonly T[];

export type PolicyPrincipal = "*" | { readonly AWS: OneOrMany<string> } | { readonly Service: OneOrMany<string> } | { readonly Federated: OneOrMany<string> };

export type ConditionOperator = "ArnEquals" | "ArnLike" | "Bool" | "StringEquals" | "StringLike" | "ForAllValues:StringEquals" | "ForAnyValue:StringLike";

export type PolicyConditions = Partial<Record<ConditionOperator, Record<string, OneOrMany<string>>>>;

/** Anything that holds an identity policy: a GrantableRole (service, caller or guest role). */
export interface PolicyGrantee {
  grant(...statements: PolicyStatement[]): void;
}

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: PolicyPrincipal;
  readonly Action: OneOrMany<string>;
  readonly Resource: OneOrMany<string>;
  readonly Condition?: PolicyConditions;
}

/** A role trust statement: who may assume it. IAM rejects a Resource here. */
export interface TrustStatement {
  readonly Effect: "Allow";
  readonly Principal: PolicyPrincipal;
  readonly Action: "sts:AssumeRole" | "sts:AssumeRoleWithWebIdentity";
  readonly Condition?: PolicyConditions;
}

export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly (PolicyStatement | TrustStatement)[];
}

export function policyDocument(...statements: PolicyStatement[]): PolicyDocument {
  return { Version: "2012-10-17", Statement: statements };
}

export function trustPolicy(...statements: TrustStatement[]): PolicyDocument {
  return { Version: "2012-10-17", Statement: statements };
}

/** Renders a document for a Terraform `policy` argument; tokens inside stay references. */
export function renderPolicy(document: PolicyDocument): string {
  return Fn.jsonencode(document);
}

/** Denies every request that does not use TLS (AWS Foundational Security Best Practices S3.5 / SQS). */
export function denyInsecureTransport(resources: OneOrMany<string>, actions: OneOrMany<string>): PolicyStatement {
  return {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: actions,
    Resource: resources,
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
}
