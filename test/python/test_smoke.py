"""GIVEN the package WHEN imported THEN the public API is there."""

import sqs_backoff


def test_public_api() -> None:
    assert callable(sqs_backoff.with_backoff)
    assert issubclass(sqs_backoff.MalformedBodyError, sqs_backoff.NonRetryableError)

