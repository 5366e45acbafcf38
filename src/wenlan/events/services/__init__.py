"""Writes of the events platform: `events` (events, occurrences, channels, venues and
their workflow) and `registrations` (sign-up, waitlist, tickets, check-in)."""
