from tests.sdks import TELEGRAM, required

# Without python-telegram-bot (the `telegram` extra) these tests are not collected.
collect_ignore_glob = [] if required(TELEGRAM, "telegram") else ["test_*.py"]
