"""The panel's reads: staff and experts (staff.py), the public (public.py)."""
