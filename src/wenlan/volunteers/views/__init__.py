"""Pages of volunteering: the volunteer's own (phone first) and the coordinator's."""
