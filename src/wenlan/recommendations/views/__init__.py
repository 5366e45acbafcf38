"""Pages: the reader's recommendations (/me/recommendations/) and the staff's segments."""
