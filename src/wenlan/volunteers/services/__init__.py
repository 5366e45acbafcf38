"""Writes of volunteering, one transaction each."""
