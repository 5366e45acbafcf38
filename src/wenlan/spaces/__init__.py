"""Spaces: the maker space's machines and the libraries' rooms that readers book by
the slot (a 3D printer, a laser cutter, a recording booth, a seminar room), their
bookings, and check-in at the library."""
