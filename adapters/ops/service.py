"""The operator side of `portfoliobot run`: metrics for the core, the HTTP endpoint, and
systemd's readiness and stopping notices. The runtime calls four methods, in order."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from adapters.ops import systemd
from adapters.ops.http import ListenError, OpsServer, parse_listen

if TYPE_CHECKING:
    from collections.abc import Sequence

    from adapters.ops.metrics import PrometheusMetrics
    from bot.bootstrap import Core
    from bot.settings import Settings


class Ops:
    def __init__(self, settings: Settings) -> None:
        self.listen = settings.http_listen
        self.metrics: PrometheusMetrics | None = None
        if self.listen:
            try:
                parse_listen(self.listen)
            except ListenError as error:
                raise click.ClickException(str(error)) from None
            from adapters.ops.metrics import PrometheusMetrics

            self.metrics = PrometheusMetrics()
        self.server: OpsServer | None = None

    async def start(self, core: Core) -> None:
        """Before the adapters start, so /healthz can say "starting"."""
        if self.listen:
            self.server = OpsServer(core, self.metrics, self.listen)
            try:
                await self.server.start()
            except OSError as error:
                raise click.ClickException(
                    f"PORTFOLIOBOT_HTTP_LISTEN={self.listen}: cannot listen there "
                    f"({error.strerror or error}); choose another port or address"
                ) from None

    def ready(self, adapters: Sequence[object]) -> None:
        if self.server is not None:
            self.server.adapters = list(adapters)
            self.server.started = True
        names = ", ".join(str(getattr(adapter, "name", "?")) for adapter in adapters)
        systemd.notify("READY=1", f"STATUS=running; adapters: {names or 'none'}")

    def stopping(self) -> None:
        systemd.notify("STOPPING=1", "STATUS=stopping")

    async def stop(self) -> None:
        if self.server is not None:
            await self.server.stop()
            self.server = None
