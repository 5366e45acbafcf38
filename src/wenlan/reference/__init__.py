"""Reference: readers' questions to a librarian, their notes, answers with sources,
referrals to partner libraries of the reference alliance, and the service level
counted in the network's working days."""
