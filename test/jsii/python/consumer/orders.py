"""The Python smoke app's consumer: never run here, only packaged beside the sqs_backoff layer."""

from typing import Any

from sqs_backoff import NonRetryableError, with_backoff


@with_backoff
def handler(message: Any, ctx: Any) -> None:
    order = message.json()
    if not order.get("sku"):
        raise NonRetryableError("order without sku")
