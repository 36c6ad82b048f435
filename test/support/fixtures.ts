import { Construct } from "constructs";
import { EventBus } from "../../modules/event-bus";
import { TargetDelivery } from "../../modules/rule-target";

export const DELIVERY: TargetDelivery = { maximumRetryAttempts: 3, maximumEventAgeSeconds: 600, deadLetterRetentionSeconds: 3600 };

export function testBus(scope: Construct, name = "test-orders"): EventBus {
  return new EventBus(scope, "Bus", { name, description: "test", putEventsPrincipals: ["123456789012"] });
}
