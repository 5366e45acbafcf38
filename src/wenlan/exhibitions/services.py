"""Exhibitions are kept by their organiser's staff, who hold the event managers'
right (`Perm.EVENT_MANAGE`) for that library or partner."""

from django.db import transaction

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import ensure_can_on_organiser
from wenlan.core.models import model_full_clean
from wenlan.exhibitions.models import Exhibition, ExhibitionImage


def _ensure_can(actor, exhibition: Exhibition) -> None:
    ensure_can_on_organiser(
        actor,
        Perm.EVENT_MANAGE,
        library_id=exhibition.organiser_library_id,
        partner_id=exhibition.organiser_partner_id,
    )


@transaction.atomic
def exhibition_save(*, actor, exhibition: Exhibition) -> Exhibition:
    """Saves an exhibition edited by its organiser's staff (the admin's form)."""
    if exhibition.pk:
        stored = Exhibition.objects.get(pk=exhibition.pk)
        _ensure_can(actor, stored)
    _ensure_can(actor, exhibition)
    model_full_clean(exhibition, exclude=["organiser_library", "organiser_partner"])
    exhibition.save()
    return exhibition


@transaction.atomic
def exhibition_image_save(*, actor, image: ExhibitionImage) -> ExhibitionImage:
    _ensure_can(actor, Exhibition.objects.get(pk=image.exhibition_id))
    model_full_clean(image, exclude=["exhibition"])
    image.save()
    return image


@transaction.atomic
def exhibition_image_delete(*, actor, image_id: int) -> None:
    image = ExhibitionImage.objects.select_related("exhibition").get(pk=image_id)
    _ensure_can(actor, image.exhibition)
    image.delete()


@transaction.atomic
def exhibition_set_published(*, actor, exhibition_id: int, published: bool) -> Exhibition:
    exhibition = Exhibition.objects.get(pk=exhibition_id)
    _ensure_can(actor, exhibition)
    exhibition.is_published = published
    exhibition.save(update_fields=["is_published", "updated_at"])
    return exhibition
