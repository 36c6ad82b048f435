import { PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { GetSubscriptionAttributesCommand, ListSubscriptionsByTopicCommand, SNSClient } from "@aws-sdk/client-sns";
import { randomUUID } from "node:crypto";
import { OrderStatusMessage } from "../../orders/events/order-status";
import { ORDER_PLACED, ORDER_SOURCE } from "../../orders/events/orders";
import { SEED_ORDERS, orderPlacedDetail } from "../../orders/events/samples";
import { awsClientConfig } from "../../tools/local/emulator/emulator";
import { WebhookReceiver, startWebhookReceiver } from "../../tools/local/webhook-receiver";
import { awsClients, e2eContext } from "./support/context";

const context = e2eContext();
const { events } = awsClients(context.endpoint);
const sns = new SNSClient(awsClientConfig(context.endpoint));
const [subscriber] = context.config.statusUpdates.webhooks!.subscribers;
const endpoint = new URL(subscriber.endpoint!);

describe("webhooks: an order's status reaches the client's endpoint through SNS", () => {
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await startWebhookReceiver(Number(endpoint.port), endpoint.hostname);
  });
  afterAll(async () => receiver.close());

  it("delivers the OrderStatusMessage when OrdersProcessing finishes an EU order", async () => {
    const orderId = `order-${randomUUID()}`;
    const detail = orderPlacedDetail(SEED_ORDERS.labSupplies, orderId);
    await events.send(
      new PutEventsCommand({
        Entries: [{ EventBusName: context.outputs.orders_bus_name, Source: ORDER_SOURCE, DetailType: ORDER_PLACED, Detail: JSON.stringify(detail) }],
      }),
    );
    // EU order -> workflow -> OrderProcessed -> webhook rule (input transformer) -> topic -> endpoint.
    const delivery = await receiver.waitFor((d) => (d.message as OrderStatusMessage | undefined)?.orderId === orderId, 30_000);
    expect(delivery.path).toBe(endpoint.pathname);
    expect(delivery.messageType).toBe("Notification");
    expect(delivery.message).toEqual({
      type: "order.status",
      orderId,
      status: "PROCESSED",
      reason: "COMPLETED",
      occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      eventId: expect.any(String),
      order: { category: "lab-supplies", value: 415, location: "eu-west" },
    } satisfies Record<keyof OrderStatusMessage, unknown>);
    // Raw delivery: the body is the message itself, not SNS's envelope.
    expect(JSON.parse(delivery.body)).toEqual(delivery.message);
  });

  it.each([
    ["a failed order (value 0, put on the bus past the API's model)", { ...SEED_ORDERS.labSupplies, value: 0 }, "FAILED", "INVALID_ORDER"],
    ["a non-EU order", { ...SEED_ORDERS.labSupplies, location: "us-east" }, "REJECTED", "LOCATION_NOT_SERVED"],
  ])("announces %s like a processed one: status and the reason a client may see", async (_, order, status, reason) => {
    const orderId = `order-${randomUUID()}`;
    await events.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: context.outputs.orders_bus_name,
            Source: ORDER_SOURCE,
            DetailType: ORDER_PLACED,
            Detail: JSON.stringify(orderPlacedDetail(order, orderId)),
          },
        ],
      }),
    );
    const delivery = await receiver.waitFor((d) => (d.message as OrderStatusMessage | undefined)?.orderId === orderId, 30_000);
    expect(delivery.message).toEqual(
      expect.objectContaining({
        type: "order.status",
        orderId,
        status,
        reason,
        order: { category: order.category, value: order.value, location: order.location },
      }),
    );
    expect(JSON.stringify(delivery.message)).not.toMatch(/States\.|Exception|arn:aws/);
  });

  it("shows the configured delivery policy and redrive policy in the subscription's attributes", async () => {
    const { Subscriptions = [] } = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: context.outputs.order_status_topic_arn }));
    const subscription = Subscriptions.find((s) => s.Endpoint === subscriber.endpoint);
    expect(subscription).toBeDefined();
    const { Attributes = {} } = await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: subscription!.SubscriptionArn }));
    const expected = subscriber.deliveryPolicy.toJson();
    expect(JSON.parse(Attributes.DeliveryPolicy!)).toEqual(expected);
    expect(JSON.parse(Attributes.RedrivePolicy!)).toEqual({ deadLetterTargetArn: expect.stringMatching(/^arn:aws:sqs:.*-dlq$/) });
    expect(Attributes.RawMessageDelivery).toBe("true");
  });
});
