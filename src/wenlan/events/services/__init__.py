"""Writes of the events platform: `events` (events and their workflow, venues,
channels, partners' feeds), `occurrences` (an event's dated occurrences and their
seats) and `registrations` (sign-up, waitlist, tickets, check-in)."""
