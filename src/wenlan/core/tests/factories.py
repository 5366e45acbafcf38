import factory

from wenlan.core import clock
from wenlan.core.models import AuditAction, AuditEntry


class AuditEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditEntry

    at = factory.LazyFunction(clock.now)
    actor_label = "librarian"
    action = AuditAction.READ
    subject_type = "patrons.reader"
    subject_id = "1"
