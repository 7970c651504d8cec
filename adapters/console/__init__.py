"""The console adapter: try the bot in a terminal; the adapter the tests drive."""
