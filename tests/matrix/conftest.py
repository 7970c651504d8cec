"""One real Synapse for the whole run (tests/fakes/synapse.py), shared by the Matrix tests."""

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
