"""Template filters over `catalog.display`."""

from django import template

from wenlan.catalog import display

register = template.Library()

register.filter("isbd", display.isbd_trim)
register.filter("publisher", display.publisher_display)
register.filter("author_names", display.author_names)
register.filter("authors_display", display.authors_display)
register.filter("language_name", display.language_name)
register.filter("language_tag", display.language_tag)
