"""Which platform SDKs (the package's extras) are installed. The core, the console and
their tests need none; a platform's own tests are collected only where its SDK is
installed — and under CI (`CI` set, which installs `.[dev,all]`) a missing SDK is an
error, never a silent gap."""

from __future__ import annotations

import importlib.util
import os


def installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def required(module: str, extra: str) -> bool:
    """True when the SDK is there; False (skip collecting) when not, outside CI."""
    if installed(module):
        return True
    if os.environ.get("CI"):
        raise RuntimeError(f"CI needs {module}: pip install -e '.[dev,{extra}]'")
    return False


TELEGRAM = "telegram"
DISCORD = "discord"
