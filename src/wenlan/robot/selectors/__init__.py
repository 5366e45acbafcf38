"""Reads of the robot: live answers and the librarians' review."""
