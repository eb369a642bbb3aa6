"""The default AWS clients (sdk.py): made on first use with the JavaScript SDK's retry mode. boto3 is
not installed in the test virtualenvs: a fake stands in for the one function sdk.py calls."""

from __future__ import annotations

import sys
import types
from typing import Any

import pytest
from sqs_backoff import sdk


class _FakeBoto3:
    """boto3 and botocore.config as far as sdk.aws_client uses them: records how clients are made."""

    def __init__(self) -> None:
        self.made: list[tuple[str, Any]] = []

    def client(self, service: str, config: Any = None) -> object:
        self.made.append((service, config))
        return object()


class _FakeConfig:
    def __init__(self, retries: dict[str, Any]) -> None:
        self.retries = retries


def _fake_sdk(monkeypatch: pytest.MonkeyPatch) -> _FakeBoto3:
    boto3 = _FakeBoto3()
    botocore_config = types.ModuleType("botocore.config")
    botocore_config.Config = _FakeConfig  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "boto3", boto3)
    monkeypatch.setitem(sys.modules, "botocore", types.ModuleType("botocore"))
    monkeypatch.setitem(sys.modules, "botocore.config", botocore_config)
    monkeypatch.setattr(sdk, "_default_clients", {})
    return boto3


def test_default_clients_retry_in_standard_mode_as_the_javascript_sdk_does(monkeypatch: pytest.MonkeyPatch) -> None:
    # GIVEN no AWS_RETRY_MODE on the function
    monkeypatch.delenv("AWS_RETRY_MODE", raising=False)
    boto3 = _fake_sdk(monkeypatch)
    # WHEN the first park needs the default SQS client
    sdk.aws_client("sqs", None)
    # THEN it is made with botocore's standard retry mode (3 attempts), not the legacy 5
    ((service, config),) = boto3.made
    assert service == "sqs"
    assert config.retries == {"mode": "standard"}


def test_an_aws_retry_mode_on_the_function_is_left_to_botocore(monkeypatch: pytest.MonkeyPatch) -> None:
    # GIVEN AWS_RETRY_MODE=adaptive on the function
    monkeypatch.setenv("AWS_RETRY_MODE", "adaptive")
    boto3 = _fake_sdk(monkeypatch)
    # WHEN the default Step Functions client is made
    sdk.aws_client("stepfunctions", None)
    # THEN no retry config overrides the environment's
    assert boto3.made == [("stepfunctions", None)]
