"""Running portfoliobot unattended: health and metrics over HTTP, systemd readiness, log
format, `portfoliobot doctor`, backup and restore. Allowed to import everything, like the
rest of adapters/; the core sees only its metrics port (bot/metrics.py)."""
