"""/healthz, /metrics and systemd readiness against a running `portfoliobot run`, with the
loopback Bot API standing in for Telegram: ready only when connected, 503 while Telegram
is unreachable, figures that follow what happened, no personal data in any label, and
JSON logs without a message's text or a member's name."""

from __future__ import annotations

import json
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

from tests.fakes.telegram_api import TelegramApiServer
from tests.fakes.telegram_fixture import telegram_api  # noqa: F401
from tests.ops.running import (
    NotifySocket,
    bot_env,
    bot_process,
    free_port,
    get,
    stop,
    wait_for_status,
)

FIXED_LABELS = {"telegram", "ok", "error", "ignored"}


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def value(found: dict, name: str, **labels: str) -> float:
    return found[(name, tuple(sorted(labels.items())))]


async def test_health_metrics_and_readiness_of_a_running_bot(
    telegram_api: TelegramApiServer,  # noqa: F811
    tmp_path: Path,
) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    notify = NotifySocket(tmp_path)
    env = bot_env(
        tmp_path,
        telegram_api,
        PORTFOLIOBOT_HTTP_LISTEN=f"127.0.0.1:{port}",
        PORTFOLIOBOT_LOG_LEVEL="INFO",
        PORTFOLIOBOT_LOG_FORMAT="json",
        NOTIFY_SOCKET=str(notify.path),
    )
    anna = telegram_api.create_user("Annemieke", username="annemieke_vdb")
    bram = telegram_api.create_user("Bram")
    group = telegram_api.create_group("Sectie Nederlands")
    async with bot_process(env, tmp_path, "--db", f"sqlite:///{tmp_path / 'p.db'}") as bot:
        await notify.wait_for("READY=1", within=30)
        # Ready means connected: the command menu is already set.
        assert telegram_api.commands("all_private_chats")
        assert await get(f"{base}/healthz") == (200, "ok\n")

        telegram_api.user_sends(anna, None, "/log 1u intervisie over feedbackgesprekken")
        await telegram_api.wait_for_sent(anna, 1, timeout=15)
        telegram_api.fail_next(
            "sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1
        )
        telegram_api.user_sends(bram, None, "/doel Differentiëren in de brugklas")
        await telegram_api.wait_for_sent(bram, 1, timeout=15)
        telegram_api.user_sends(bram, group, "koffie iemand?")  # chatter: ignored

        await telegram_api.wait_until(
            lambda: telegram_api.pending_update_ids == [], timeout=10, what="updates confirmed"
        )
        status, text = await get(f"{base}/metrics")
        assert status == 200
        found = samples(text)
        handled = "portfoliobot_messages_handled_total"
        assert value(found, handled, platform="telegram", outcome="ok") == 2
        assert value(found, handled, platform="telegram", outcome="ignored") == 1
        assert (
            value(found, "portfoliobot_message_handling_seconds_count", platform="telegram") == 2
        )
        assert value(found, "portfoliobot_outbox_pending") == 0
        assert value(found, "portfoliobot_outbox_oldest_due_seconds") == 0
        assert value(found, "portfoliobot_review_rounds_open") == 0
        assert value(found, "portfoliobot_adapter_connected", platform="telegram") == 1
        assert value(found, "portfoliobot_adapter_reconnects_total", platform="telegram") == 0
        assert value(found, "portfoliobot_platform_rate_limited_total", platform="telegram") == 1
        assert "portfoliobot_reminder_lateness_seconds_count" in {name for name, _ in found}
        labels = {v for _, pairs in found for k, v in pairs if k != "le"}
        assert labels <= FIXED_LABELS, labels - FIXED_LABELS

        # Telegram unreachable for a moment: not healthy, with the reason; then back.
        telegram_api.fail_next("getUpdates", 502, "Bad Gateway")
        body = await wait_for_status(f"{base}/healthz", 503, within=10)
        assert "telegram: not connected (getUpdates failed" in body
        assert await wait_for_status(f"{base}/healthz", 200, within=15) == "ok\n"
        _, text = await get(f"{base}/metrics")
        found = samples(text)
        assert value(found, "portfoliobot_adapter_reconnects_total", platform="telegram") == 1

        stderr = await stop(bot)
    assert bot.returncode == 0, stderr
    assert "STOPPING=1" in "\n".join(notify.received) or await _stopping(notify)
    notify.close()
    lines = [line for line in stderr.splitlines() if line.strip()]
    # One JSON object per line; besides them only the two status lines for a terminal.
    events = [json.loads(line) for line in lines if not line.startswith("portfoliobot ")]
    assert len(lines) - len(events) == 2, stderr
    assert any(event["logger"] == "adapters.ops.http" for event in events)
    # The scheduler's per-second job chatter is kept below INFO.
    assert not any(event["logger"].startswith("apscheduler") for event in events)
    assert all(event["level"] in {"INFO", "WARNING", "ERROR"} for event in events)
    for private in (
        "Annemieke",
        "annemieke_vdb",
        "Bram",
        "feedbackgesprekken",
        "Differentiëren",
        "koffie",
    ):
        assert private not in stderr, private


async def _stopping(notify: NotifySocket) -> bool:
    await notify.wait_for("STOPPING=1", within=5)
    return True
