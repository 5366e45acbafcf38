"""Insights: the staff dashboards of what the network reads (served from the
analytics export, never from the live tables) and planning suggestions drawn from
topics whose borrowing rises."""
