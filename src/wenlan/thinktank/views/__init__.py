"""The think tank's staff pages."""
