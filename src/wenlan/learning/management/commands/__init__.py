"""`wenlan learning ...`."""
