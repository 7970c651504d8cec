from tests.sdks import DISCORD, TELEGRAM, required

# Each fake is proven against its platform's real SDK (the `telegram` and `discord`
# extras); without one, its self-tests are not collected (under CI: an error).
collect_ignore_glob = [
    *([] if required(TELEGRAM, "telegram") else ["test_telegram_*.py"]),
    *([] if required(DISCORD, "discord") else ["test_discord_*.py"]),
]
