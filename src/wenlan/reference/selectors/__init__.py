"""Reads of the reference service: the network's working days (selectors.calendar),
questions for their askers and for librarians (selectors.questions), referrals."""
