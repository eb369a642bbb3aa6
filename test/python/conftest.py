"""Puts lambda/python on the path, as the Lambda layer does (/opt/python)."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "lambda" / "python"))
