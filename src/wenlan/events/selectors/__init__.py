"""Reads of the events platform, a module per part: `events` (the calendar, events,
channels, organisers, staff lists and feeds), `registrations` (a reader's places,
tickets and standing) and `community` (reading clubs and proposed activities)."""
