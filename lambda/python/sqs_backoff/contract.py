"""
The wire contract shared with the TypeScript runtime (lambda/contract.ts): attribute names, the
environment the construct sets, limits in bytes and seconds, transport names and dead-letter reasons.
"""

from __future__ import annotations

from typing import Final, Literal

#: The one message attribute that carries retry metadata; the other nine stay the user's.
BACKOFF_ATTRIBUTE: Final = "x-backoff"
#: SQS allows ten message attributes per message.
MAX_MESSAGE_ATTRIBUTES: Final = 10
#: The most any SQS queue accepts (body plus every attribute's name, type and value).
MAX_MESSAGE_BYTES: Final = 1024 * 1024
#: The least a queue's `MaximumMessageSize` can be.
MIN_MESSAGE_BYTES: Final = 1024
#: `MaximumMessageSize` of a queue that never set it: what the runtime assumes when not told.
DEFAULT_QUEUE_MESSAGE_BYTES: Final = 256 * 1024
#: Room the dead-letter queue keeps above the work queue's limit for `x-backoff`.
BACKOFF_ATTRIBUTE_ROOM_BYTES: Final = 2 * 1024
#: Step Functions Standard caps an execution's input at 256 KiB (UTF-8 bytes).
MAX_EXECUTION_INPUT_BYTES: Final = 256 * 1024
#: `lastError.message` is cut to this many UTF-16 units inside `x-backoff`.
MAX_ERROR_MESSAGE_CHARS: Final = 256
#: `ChangeMessageVisibility` takes at most 12 hours.
MAX_VISIBILITY_TIMEOUT_SECONDS: Final = 12 * 60 * 60
#: `SendMessage`'s `DelaySeconds` takes at most 15 minutes.
MAX_SQS_DELAY_SECONDS: Final = 15 * 60


class ENV:
    """Environment variables the construct sets on the consumer function."""

    policy: Final = "BACKOFF_POLICY"
    maxAttempts: Final = "BACKOFF_MAX_ATTEMPTS"
    maxElapsedSeconds: Final = "BACKOFF_MAX_ELAPSED_SECONDS"
    maxReceiveCount: Final = "BACKOFF_MAX_RECEIVE_COUNT"
    queueUrl: Final = "BACKOFF_QUEUE_URL"
    deadLetterQueueUrl: Final = "BACKOFF_DEAD_LETTER_QUEUE_URL"
    stateMachineArn: Final = "BACKOFF_STATE_MACHINE_ARN"
    maxMessageBytes: Final = "BACKOFF_MAX_MESSAGE_BYTES"
    deadLetterMaxMessageBytes: Final = "BACKOFF_DEAD_LETTER_MAX_MESSAGE_BYTES"
    transport: Final = "BACKOFF_TRANSPORT"
    visibilityFallback: Final = "BACKOFF_VISIBILITY_FALLBACK"
    retryRules: Final = "BACKOFF_RETRY_RULES"
    clampRetryAfter: Final = "BACKOFF_CLAMP_RETRY_AFTER"
    outageProtection: Final = "BACKOFF_OUTAGE_PROTECTION"
    metricsNamespace: Final = "BACKOFF_METRICS_NAMESPACE"


TransportName = Literal["step-functions", "visibility-timeout", "sqs-delay", "auto"]

#: The delay transports, by the name used everywhere outside TypeScript.
TRANSPORT_NAMES: Final[tuple[TransportName, ...]] = ("step-functions", "visibility-timeout", "sqs-delay", "auto")

DeadLetterReason = Literal["exhausted", "non-retryable", "elapsed", "too-large", "redelivered", "requeue-failed", "recalled"]
