"""The panel's writes: lists and candidates, the round, the chair's finalising."""
