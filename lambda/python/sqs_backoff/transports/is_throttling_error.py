"""Whether an AWS error says the request was throttled (lambda/runtime/transports/isThrottlingError.ts)."""

from __future__ import annotations

import re

from ..describe_error import aws_error

_THROTTLING_NAMES = re.compile(r"(Throttling(Exception)?|ThrottledException|TooManyRequestsException|RequestLimitExceeded)")


def is_throttling_error(error: object) -> bool:
    """A throttling error code, or HTTP 429."""
    aws = aws_error(error)
    name = aws[0] if aws is not None else type(error).__name__
    if _THROTTLING_NAMES.fullmatch(name):
        return True
    response = getattr(error, "response", None)
    metadata = response.get("ResponseMetadata") if isinstance(response, dict) else None
    return isinstance(metadata, dict) and metadata.get("HTTPStatusCode") == 429
