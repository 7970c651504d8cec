"""Getting messages out: the pacing every adapter shares (shaping) and the outbox
deliverer that sends what the bot owes members in their private chats."""
