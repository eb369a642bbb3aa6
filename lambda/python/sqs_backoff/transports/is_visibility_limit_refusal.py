"""Whether SQS refused a `ChangeMessageVisibility` for the 12-hour limit (isVisibilityLimitRefusal.ts)."""

from __future__ import annotations

from ..describe_error import aws_error


def is_visibility_limit_refusal(error: object) -> bool:
    """`InvalidParameterValue` naming `VisibilityTimeout`: too little is left of the 12 hours."""
    aws = aws_error(error)
    if aws is None:
        return type(error).__name__ == "InvalidParameterValue" and "VisibilityTimeout" in str(error)
    return aws[0] == "InvalidParameterValue" and "VisibilityTimeout" in aws[1]
