import pytest
from django.urls import reverse
from django.utils import translation

from wenlan.core.errors import ValidationError
from wenlan.thinktank.services import products
from wenlan.thinktank.tests.factories import ClippingFactory, editor

pytestmark = pytest.mark.django_db


def _product(actor):
    return products.product_save(
        actor=actor,
        product_id=None,
        slug="eco",
        title_zh="生态城市专题",
        title_en="",
        intro_zh="导语",
        intro_en="",
    )


def test_a_product_is_seen_by_readers_only_once_published(client):
    actor = editor()
    product = _product(actor)
    url = reverse("thinktank:public_detail", args=["eco"])
    with pytest.raises(ValidationError):
        products.product_publish(actor=actor, product_id=product.pk, published=True)
    assert client.get(url).status_code == 404
    clipping = ClippingFactory(title="湿地<script>保护</script>")
    products.product_clipping_set(
        actor=actor, product_id=product.pk, clipping_id=clipping.pk, included=True
    )
    products.product_publish(actor=actor, product_id=product.pk, published=True)
    page = client.get(url).content.decode()
    assert "生态城市专题" in page and "湿地&lt;script&gt;保护&lt;/script&gt;" in page
    assert "生态城市专题" in client.get(reverse("thinktank:public_list")).content.decode()
    with translation.override("en"):
        english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="zh-Hans">生态城市专题' in english or "生态城市专题" in english
    products.product_publish(actor=actor, product_id=product.pk, published=False)
    assert client.get(url).status_code == 404


def test_slugs_are_unique():
    actor = editor()
    _product(actor)
    with pytest.raises(ValidationError):
        _product(actor)
