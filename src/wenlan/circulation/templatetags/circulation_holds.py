"""The hold button a catalog record page shows: the catalog (a lower layer) does not
know circulation's rules, so the page asks through this tag."""

from django import template
from django.urls import reverse

from wenlan.circulation.selectors.rules import item_types_holdable
from wenlan.patrons.selectors import reader_for_user

register = template.Library()


@register.inclusion_tag("circulation/partials/_hold_button.html", takes_context=True)
def hold_button(context, record, holdings) -> dict:
    """`holdings`: the page's copies per library (those still in circulation)."""
    request = context["request"]
    user = request.user
    reader = reader_for_user(user=user) if user.is_authenticated else None
    item_types = {copy.item_type for entry in holdings for copy in entry.copies}
    holdable = item_types_holdable(item_types=item_types, reader=reader)
    record_url = reverse("catalog:record", args=[record.pk])
    return {
        "holdable": holdable,
        "logged_in": user.is_authenticated,
        "reader": reader,
        "login_url": reverse("accounts:login") + "?next=" + record_url,
        "place_url": reverse("circulation:my_hold_place", args=[record.pk]),
    }
