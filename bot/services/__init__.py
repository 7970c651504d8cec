"""Use cases. Each runs inside one unit of work (one transaction)."""
