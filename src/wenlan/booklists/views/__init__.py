"""Pages: the staff's lists (/staff/booklists/) and the public ones (/reading-lists/)."""
