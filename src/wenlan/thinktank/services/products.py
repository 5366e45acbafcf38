"""Thematic information products: a topic page of curated clippings, bilingual,
published to readers when staff choose (and withdrawn the same way)."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from wenlan.core import clock
from wenlan.core.errors import NotFoundError, ValidationError
from wenlan.thinktank.models import Clipping, ThematicProduct
from wenlan.thinktank.permissions import ensure_editor


def _text(value: str, *, limit: int, name: str, required: bool = False) -> str:
    value = (value or "").replace("\x00", "").strip()
    if required and not value:
        raise ValidationError(_("请填写%(field)s。") % {"field": name}, field=name)
    if len(value) > limit:
        raise ValidationError(
            _("%(field)s不能超过 %(limit)d 个字符。") % {"field": name, "limit": limit}, field=name
        )
    return value


@transaction.atomic
def product_save(
    *,
    actor,
    product_id: int | None,
    slug: str,
    title_zh: str,
    title_en: str,
    intro_zh: str,
    intro_en: str,
) -> ThematicProduct:
    ensure_editor(actor)
    product = (
        ThematicProduct()
        if product_id is None
        else (ThematicProduct.objects.select_for_update().filter(pk=product_id).first())
    )
    if product is None:
        raise NotFoundError()
    product.slug = _text(slug, limit=60, name="slug", required=True)
    product.title_zh = _text(title_zh, limit=200, name=_("标题"), required=True)
    product.title_en = _text(title_en, limit=200, name=_("英文标题"))
    product.intro_zh = _text(intro_zh, limit=5000, name=_("导语"))
    product.intro_en = _text(intro_en, limit=5000, name=_("英文导语"))
    try:
        with transaction.atomic():
            product.save()
    except IntegrityError as error:
        raise ValidationError(_("已有这个代码的专题产品。"), field="slug") from error
    return product


def _product(product_id: int) -> ThematicProduct:
    product = ThematicProduct.objects.select_for_update().filter(pk=product_id).first()
    if product is None:
        raise NotFoundError()
    return product


@transaction.atomic
def product_clipping_set(*, actor, product_id: int, clipping_id: int, included: bool) -> None:
    ensure_editor(actor)
    product = _product(product_id)
    clipping = Clipping.objects.filter(pk=clipping_id).first()
    if clipping is None:
        raise NotFoundError()
    if included:
        product.clippings.add(clipping)
    else:
        product.clippings.remove(clipping)


@transaction.atomic
def product_publish(*, actor, product_id: int, published: bool) -> ThematicProduct:
    ensure_editor(actor)
    product = _product(product_id)
    if published and not product.clippings.exists():
        raise ValidationError(_("专题产品还没有选入任何剪报。"))
    product.is_published = published
    product.published_at = clock.now() if published else None
    product.save(update_fields=["is_published", "published_at"])
    return product
