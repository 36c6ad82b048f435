export { AppSyncTarget } from "./appsync-target";
export { EventBusTarget } from "./event-bus-target";
export type { AppSyncTargetOptions } from "./appsync-target";
export { LambdaFunctionTarget } from "./lambda-function-target";
export { LogGroupTarget } from "./log-group-target";
export { QueueTarget } from "./queue-target";
export { SnsTopicTarget } from "./sns-topic-target";
export type { SnsTopicTargetOptions } from "./sns-topic-target";
export { StateMachineTarget } from "./state-machine-target";
