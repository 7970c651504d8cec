"""The Matrix tests run against one real Synapse for the whole run."""

from __future__ import annotations

from tests.fakes.synapse_fixture import synapse  # noqa: F401  (fixture)
from tests.sdks import MATRIX, SYNAPSE, required

# Collected where mautrix and Synapse are installed; under CI always (or an error).
collect_ignore_glob = [] if required(MATRIX, "matrix") and required(SYNAPSE, "dev") else ["*"]
