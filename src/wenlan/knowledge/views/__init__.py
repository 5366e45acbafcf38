"""The knowledge base's pages: public reading and search, and staff editing."""
