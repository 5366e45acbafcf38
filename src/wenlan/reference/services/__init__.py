"""Writes of the reference service: questions (services.questions), referrals to
alliance partners (services.referrals), publishing a good answer as a FAQ entry
(services.faq)."""
