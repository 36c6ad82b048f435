import type { IConstruct } from "constructs";

/** What kind of AWS resource a construct asks to be watched; each kind has its own alarms. */
export const WATCHED_KINDS = ["queue", "event-rule", "state-machine", "function", "topic", "rest-api", "graphql-api"] as const;
export type WatchedKind = (typeof WATCHED_KINDS)[number];

/** The CloudWatch namespace each kind publishes its metrics to. */
export const NAMESPACE_OF: Readonly<Record<WatchedKind, string>> = {
  queue: "AWS/SQS",
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
  /** ARNs this resource delivers events to (a rule's targets). @default - none */
  readonly deliversTo?: readonly string[];
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
