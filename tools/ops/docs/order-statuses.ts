/** The order status tables of docs/order-status.md, from the event contract itself. */
import { FinalStatus, ORDER_STATUSES, STATUS_EVENTS, STATUS_MEANINGS, STATUS_REASONS, StatusReason } from "../../../orders/events/orders";
import { code, markdownTable } from "./markdown";

export function orderStatusTable(): string {
  return markdownTable(
    ["status", "meaning", "announced as"],
    ORDER_STATUSES.map((status) => [
      code(status),
      STATUS_MEANINGS[status],
      status in STATUS_EVENTS ? code(STATUS_EVENTS[status as FinalStatus].detailType) : "not announced",
    ]),
  );
}

export function statusReasonTable(): string {
  const statusOf = (reason: StatusReason) =>
    Object.entries(STATUS_EVENTS)
      .filter(([, event]) => (event.reasons as readonly string[]).includes(reason))
      .map(([status]) => code(status))
      .join(", ");
  return markdownTable(
    ["reason", "with status", "what the client is told it means"],
    (Object.keys(STATUS_REASONS) as StatusReason[]).map((reason) => [code(reason), statusOf(reason), STATUS_REASONS[reason]]),
  );
}
