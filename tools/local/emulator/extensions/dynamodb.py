"""DynamoDB: item writes that are atomic, as AWS's are."""

import functools
import threading

from moto.dynamodb.models import DynamoDBBackend

_ITEM_OPERATIONS = (
    "get_item",
    "put_item",
    "update_item",
    "delete_item",
    "batch_write_item",
    "transact_write_items",
    "execute_statement",
    "batch_execute_statement",
)


def make_item_writes_atomic() -> None:
    """DynamoDB PutItem, UpdateItem, DeleteItem and friends: a condition holds when the write lands.

    moto reads the item, evaluates the ConditionExpression, then writes, with nothing in between
    held; this server answers each request on a thread of its own. Two conditional writes to a new
    item at the same moment (OrderIntake's RECEIVED and OrdersProcessing's FAILED, both started by
    one OrderPlaced) could both pass `attribute_not_exists` and the later one replaced the other's
    item. AWS applies a conditional write atomically; one lock over the item operations does too.
    @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithItems.html#WorkingWithItems.ConditionalUpdate
    """
    lock = threading.RLock()
    for name in _ITEM_OPERATIONS:
        setattr(DynamoDBBackend, name, _holding(lock, getattr(DynamoDBBackend, name)))


def _holding(lock, operation):
    @functools.wraps(operation)
    def locked(*args, **kwargs):
        with lock:
            return operation(*args, **kwargs)

    return locked
