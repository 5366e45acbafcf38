"""Certificates: issued once per reader and course when the course's rules are met
(`selectors.progress.course_progress`), verified by anyone at a public URL that
shows only whether it is genuine, the course, the date and the masked name."""

from django.db import IntegrityError, transaction

from wenlan.core import clock
from wenlan.core.errors import NotFoundError
from wenlan.learning import locks, policies
from wenlan.learning.errors import NotCompletedError
from wenlan.learning.models import Certificate, Course
from wenlan.learning.selectors.progress import course_progress
from wenlan.patrons.selectors import reader_get_unerased


def certificate_issue_if_completed(*, reader_id: int, course_id: int) -> Certificate | None:
    """Inside the caller's transaction (which holds the reader's lock): the
    reader's certificate of the course, issued now if the rules are met and it
    was not before; None while they are not met."""
    existing = Certificate.objects.filter(reader_id=reader_id, course_id=course_id).first()
    if existing is not None:
        return existing
    course = Course.objects.filter(pk=course_id).first()
    if course is None:
        raise NotFoundError()
    if not course_progress(reader_id=reader_id, course=course).completed:
        return None
    reader = reader_get_unerased(reader_id=reader_id)
    if reader is None:
        return None
    try:
        with transaction.atomic():
            return Certificate.objects.create(
                code=policies.code_new(policies.CERTIFICATE_CODE_LENGTH),
                reader_id=reader_id,
                course=course,
                holder_name=reader.name,
                issued_at=clock.now(),
            )
    except IntegrityError:  # issued meanwhile by another path of the same reader
        return Certificate.objects.get(reader_id=reader_id, course_id=course_id)


@transaction.atomic
def certificate_claim(*, reader_id: int, course_id: int) -> Certificate:
    """The reader asks for their certificate (issued if the rules are met now, e.g.
    after their last attendance was recorded by staff)."""
    locks.reader_lock(reader_id=reader_id)
    certificate = certificate_issue_if_completed(reader_id=reader_id, course_id=course_id)
    if certificate is None:
        raise NotCompletedError()
    return certificate
