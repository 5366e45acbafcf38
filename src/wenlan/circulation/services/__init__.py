"""Circulation writes. Import from the modules: `services.loans`, `services.holds`,
`services.blocks`, `services.notices`, `services.history`."""
