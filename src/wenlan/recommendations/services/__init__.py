"""Writes: the training's results, a reader's choice, segments' labels and announcements."""
