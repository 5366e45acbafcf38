"""The public portal's pages that bring several apps together: the home page
(catalog search, coming events, new arrivals, themed branches), a reader's bookings
(event places and space bookings, /me/bookings/) and what a library's page shows of
the other apps (its coming events). It sits above the apps it reads, beside api and
interop, and writes nothing."""
