"""Reads of volunteering."""
