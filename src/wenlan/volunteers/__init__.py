"""Volunteers (志愿者人才库): readers' volunteer profiles with skills, languages,
professional background and availability; opportunities and their shifts; sign-up,
swap, check-in and check-out; approved hours, star levels and certificates."""
