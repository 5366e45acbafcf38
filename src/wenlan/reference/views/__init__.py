"""Reference pages: the reader's (views.reader) and the librarians' (views.staff)."""
