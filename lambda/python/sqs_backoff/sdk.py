"""The AWS clients, created on first use (lambda/runtime/sdk.ts).

Importing boto3 costs a good part of a cold start, yet only a parked or dead-lettered message needs
it: a consumer whose messages succeed never imports it. Once created, the default clients live for
the rest of the execution environment, shared by every `with_backoff`. Injected clients (anything
with boto3's method names: `send_message`, `change_message_visibility`, `start_execution`) are
the seam tests and scenario vectors drive.
"""

from __future__ import annotations

import os
import sys
from typing import Any

_default_clients: dict[str, Any] = {}


def aws_client(service: str, injected: Any | None) -> Any:
    """The injected client, else the execution environment's default one (boto3 imported here)."""
    if injected is not None:
        return injected
    client = _default_clients.get(service)
    if client is None:
        import boto3  # noqa: PLC0415 - lazily, on the first park or dead-letter

        client = _default_clients[service] = boto3.client(service, config=_retry_config())
    return client


def _retry_config() -> Any:
    """The JavaScript SDK's retries (standard mode: 3 attempts, AWS_MAX_ATTEMPTS honoured) rather
    than botocore's legacy 5: a throttled park reaches its fallback, and a batch its deadline, alike
    in both runtimes. An AWS_RETRY_MODE set on the function is left to botocore."""
    if os.environ.get("AWS_RETRY_MODE"):
        return None
    from botocore.config import Config  # noqa: PLC0415 - with boto3

    return Config(retries={"mode": "standard"})


def sdk_loaded() -> bool:
    """Whether boto3 has been imported in this process (for tests of the lazy loading)."""
    return "boto3" in sys.modules
