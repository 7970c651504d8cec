"""The conversation: neutral messages, the command registry, the router, rendering."""
