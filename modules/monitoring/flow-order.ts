import type { Watched } from "./watched";

/** One step of the flow: a resource and the queues that keep what it failed to deliver. */
export interface FlowStep {
  readonly resource: Watched;
  readonly queues: readonly Watched[];
}

/**
 * Watched constructs in the order events travel: each step is followed by what it delivers to (a
 * rule by its targets, a function by the rules on its destination bus), depth first; steps nothing
 * delivers to start the flow, in creation order. Each queue belongs to the resource added just
 * before it (its rule target's rule, its subscription's topic, the function whose failures it keeps).
 */
export function flowSteps(watched: readonly Watched[]): FlowStep[] {
  const steps = groupQueues(watched);
  const next = (step: FlowStep) => {
    const targets = step.resource.watched.deliversTo ?? [];
    return steps.filter(({ resource }) => targets.includes(resource.watched.arn) || targets.includes(resource.watched.listensTo ?? resource.watched.arn));
  };
  const delivered = new Set(steps.flatMap(next));
  const ordered: FlowStep[] = [];
  const place = (step: FlowStep) => {
    if (ordered.includes(step)) return;
    ordered.push(step);
    for (const target of next(step)) place(target);
  };
  for (const step of steps) {
    if (!delivered.has(step)) place(step);
  }
  // A cycle (a rule delivering to a resource that feeds it) leaves nothing out.
  for (const step of steps) place(step);
  return ordered;
}

function groupQueues(watched: readonly Watched[]): FlowStep[] {
  const steps: { resource: Watched; queues: Watched[] }[] = [];
  const orphans: Watched[] = [];
  for (const construct of watched) {
    if (construct.watched.kind !== "queue") steps.push({ resource: construct, queues: [] });
    else if (steps.length > 0) steps[steps.length - 1].queues.push(construct);
    else orphans.push(construct);
  }
  return [...orphans.map((queue) => ({ resource: queue, queues: [] })), ...steps];
}
