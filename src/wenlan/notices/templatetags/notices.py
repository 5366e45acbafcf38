from django import template

from wenlan.notices.selectors import notice_unread_count

register = template.Library()


@register.simple_tag
def unread_notices(reader) -> int:
    """How many of the reader's notices are unread (for the account page's link)."""
    return notice_unread_count(reader_id=reader.pk) if reader is not None else 0
