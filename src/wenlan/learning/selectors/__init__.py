"""Reads of learning."""
