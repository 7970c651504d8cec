"""The Matrix adapter (mautrix-python, with end-to-end encryption). See adapter.py."""
