from tests.sdks import DISCORD, required

# The Discord adapter's tests need discord.py (the `discord` extra); under CI always.
collect_ignore_glob = [] if required(DISCORD, "discord") else ["test_*.py"]
