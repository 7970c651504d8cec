"""The Discord adapter (discord.py, the `discord` extra): slash commands generated from the
core's registry, buttons and modals, ephemeral privacy. See adapter.py."""
