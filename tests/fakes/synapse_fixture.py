"""Pytest glue for the real Synapse of tests/fakes/synapse.py: one per test session.

Use in a conftest::

    from tests.fakes.synapse_fixture import synapse  # noqa: F401
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes.synapse import Synapse


@pytest.fixture(scope="session")
def synapse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Synapse]:
    server = Synapse.start(tmp_path_factory.mktemp("synapse"))
    try:
        yield server
    finally:
        server.stop()
