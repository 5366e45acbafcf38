"""What visitors see: published exhibitions, each with its images."""

from django.db.models import QuerySet

from wenlan.core.errors import NotFoundError
from wenlan.exhibitions.models import Exhibition


def exhibition_list_public() -> QuerySet[Exhibition]:
    return (
        Exhibition.objects.filter(is_published=True)
        .select_related("organiser_library", "organiser_partner")
        .prefetch_related("images")
    )


def exhibition_get_public(*, slug: str) -> Exhibition:
    exhibition = exhibition_list_public().filter(slug=slug).first()
    if exhibition is None:
        raise NotFoundError()
    return exhibition
