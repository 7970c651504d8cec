"""Errors a use case reports to the member: a catalog key with parameters."""

from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


class NotFound(ServiceError):
    pass


class PublicError(ServiceError):
    """An answer that shows nothing of anyone's portfolio: it may be shown in a group."""
