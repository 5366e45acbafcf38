"""The panel's pages: staff (managers and chairs), experts, the public."""
