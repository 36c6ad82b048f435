import type { IConstruct } from "constructs";
import { WATCHED_KINDS, WatchedKind } from "./alarm-kinds";

/** The CloudWatch namespace each kind publishes its metrics to. */
export const NAMESPACE_OF: Readonly<Record<WatchedKind, string>> = {
  queue: "AWS/SQS",
  "work-queue": "AWS/SQS",
  "event-rule": "AWS/Events",
  "state-machine": "AWS/States",
  function: "AWS/Lambda",
  topic: "AWS/SNS",
  "rest-api": "AWS/ApiGateway",
  "graphql-api": "AWS/AppSync",
};

/** What one resource's metrics are found by, and how people call it. */
export interface WatchedResource {
  readonly kind: WatchedKind;
  /** The metric dimensions naming this resource (values may be Terraform references). */
  readonly dimensions: Readonly<Record<string, string>>;
  /** The literal resource name: alarm names and dashboard titles are built from it. */
  readonly label: string;
  /** The ARN other resources deliver to it by (a rule target's `arn`): lays out the flow. */
  readonly arn: string;
  /** Where it delivers events: other resources' `arn` or `listensTo` (a rule's targets, a function's destination bus). @default - none */
  readonly deliversTo?: readonly string[];
  /** What events reach it through (a rule's bus): resources delivering there come before it. @default - only its `arn` */
  readonly listensTo?: string;
}

/** A construct that owns a resource ops must be paged about. The monitoring constructs find it. */
export interface Watched extends IConstruct {
  readonly watched: WatchedResource;
}

export function isWatched(construct: IConstruct): construct is Watched {
  const watched = (construct as Partial<Watched>).watched;
  return watched !== undefined && (WATCHED_KINDS as readonly string[]).includes(watched.kind);
}

/** Every watched construct below `scope`, in the order they were added (depth first). */
export function watchedIn(scope: IConstruct): Watched[] {
  return scope.node.findAll().filter(isWatched);
}

/** The namespace of a watched resource's metrics. */
export function namespaceOf(resource: WatchedResource): string {
  return NAMESPACE_OF[resource.kind];
}
