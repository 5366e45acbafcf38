"""Management commands of the learning app."""
