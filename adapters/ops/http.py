"""The optional operator endpoint (PORTFOLIOBOT_HTTP_LISTEN=127.0.0.1:9464):

    GET /healthz   200 "ok" when the store answers and every adapter is connected;
                   503 with one line per problem otherwise
    GET /metrics   Prometheus text format (adapters/ops/metrics.py)

Bind it to loopback or a monitoring network: it has no authentication (it shows no
personal data, but nobody else needs it)."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from aiohttp import web

from adapters.ops.metrics import CONTENT_TYPE
from adapters.ops.status import status_of
from storage import ops as store_ops

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from sqlalchemy.engine import Connection

    from adapters.ops.metrics import PrometheusMetrics
    from bot.bootstrap import Core

log = logging.getLogger(__name__)
STORE_TIMEOUT = 5.0
T = TypeVar("T")


class Inspectable(Protocol):
    """The SQL stores (storage.stores) let a read-only probe run on their connection."""

    async def inspect(self, probe: Callable[[Connection], T]) -> T: ...


class ListenError(ValueError):
    pass


def parse_listen(value: str) -> tuple[str, int]:
    """'127.0.0.1:9464', '[::1]:9464' or ':9464' (all interfaces)."""
    host, sep, port = value.strip().rpartition(":")
    if not sep or not port.isdigit() or not 0 < int(port) < 65536:
        raise ListenError(
            f"PORTFOLIOBOT_HTTP_LISTEN={value!r}: write host:port, e.g. 127.0.0.1:9464"
        )
    return host.strip("[]") or "0.0.0.0", int(port)


class OpsServer:
    def __init__(self, core: Core, metrics: PrometheusMetrics | None, listen: str) -> None:
        self.core = core
        self.metrics = metrics
        self.host, self.port = parse_listen(listen)
        self.adapters: Sequence[object] = ()
        self.started = False  # every adapter has started (before that: 503 "starting")
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/metrics", self._metrics)
        runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await runner.setup()
        await web.TCPSite(runner, self.host, self.port).start()
        self._runner = runner
        log.info("health and metrics on http://%s:%s/", self.host, self.port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def problems(self) -> list[str]:
        found: list[str] = []
        try:
            await asyncio.wait_for(self._inspect(store_ops.ping), STORE_TIMEOUT)
        except Exception as error:
            found.append(f"store: not answering ({_short(error)})")
        if not self.started:
            found.append("adapters: starting")
        for adapter in self.adapters:
            status = status_of(adapter)
            if not status.connected:
                name = getattr(adapter, "name", "adapter")
                found.append(f"{name}: not connected ({status.reason or 'unknown reason'})")
        return found

    async def _inspect(self, probe: Callable[[Connection], T]) -> T:
        store: Any = self.core.store
        if not callable(getattr(store, "inspect", None)):
            raise RuntimeError("this store cannot be inspected")
        inspectable: Inspectable = store
        return await inspectable.inspect(probe)

    async def _healthz(self, _request: web.Request) -> web.Response:
        found = await self.problems()
        if found:
            return web.Response(status=503, text="\n".join(found) + "\n")
        return web.Response(text="ok\n")

    async def _metrics(self, _request: web.Request) -> web.Response:
        if self.metrics is None:
            return web.Response(status=404, text="metrics are off\n")
        try:
            snapshot = await asyncio.wait_for(self._inspect(store_ops.snapshot), STORE_TIMEOUT)
        except Exception as error:
            log.warning("metrics: the store did not answer (%s)", _short(error))
            snapshot = None
        self.metrics.refresh(snapshot, self.core.clock.now(), self.adapters)
        body = self.metrics.exposition()
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE})


def _short(error: BaseException) -> str:
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    return text[:200]
