"""The chat box tag."""
