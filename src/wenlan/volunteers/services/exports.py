"""The hours export with ID numbers in full, for the national system, which knows
volunteers by them: only for a coordinator who may read ID numbers, and each
volunteer in it gets an audit entry ("export", id_number) in one transaction."""

import dataclasses

from django.db import transaction

from wenlan.accounts.actors import acting_user
from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import can
from wenlan.core import audit
from wenlan.core.models import AuditAction
from wenlan.volunteers import identity
from wenlan.volunteers.models import VolunteerProfile
from wenlan.volunteers.selectors.hours import HoursRow, hours_by_volunteer_and_project


@transaction.atomic
def hours_export_rows(*, actor) -> list[HoursRow]:
    """Masked numbers for a coordinator without VOLUNTEER_IDENTITY; the numbers in
    full, audited, for one with it."""
    rows = hours_by_volunteer_and_project(actor=actor)
    if not can(actor, Perm.VOLUNTEER_IDENTITY) or not rows:
        return rows
    profiles = list(VolunteerProfile.objects.filter(pk__in={row.profile_id for row in rows}))
    numbers = {p.pk: identity.id_number_decrypt(p.id_number_encrypted) for p in profiles}
    audit.audit_record_many(actor=acting_user(actor), action=AuditAction.EXPORT, subjects=profiles)
    return [
        dataclasses.replace(row, id_number=numbers.get(row.profile_id) or row.id_number)
        for row in rows
    ]
