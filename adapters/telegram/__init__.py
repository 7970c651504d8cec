"""The Telegram adapter (python-telegram-bot 22)."""

import os

# Opt in to PTB's coming behaviour: time periods (RetryAfter.retry_after and friends) as
# datetime.timedelta. Without it PTB warns on every 429 it parses.
os.environ.setdefault("PTB_TIMEDELTA", "true")
