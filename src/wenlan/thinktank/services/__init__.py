"""The think tank's writes, one module per thing the editors keep."""
