"""Names of the codes a profile or project keeps (skills, languages, trainings,
availability slots), in the page's language; and the volunteers wanted by an
event, which the event's page shows (`{% event_volunteer_shifts event %}`)."""

from django import template
from django.utils.translation import gettext as _

from wenlan.core import clock
from wenlan.volunteers import policies
from wenlan.volunteers.enums import Skill, Training, VolunteerLanguage, slot_label
from wenlan.volunteers.selectors.shifts import shifts_for_occurrences

register = template.Library()


def _names(text: str, choices) -> str:
    labels = dict(choices)
    return _("、").join(str(labels.get(code, code)) for code in policies.tags_decode(text or ""))


@register.filter
def skill_names(text: str) -> str:
    return _names(text, Skill.choices)


@register.filter
def skill_name(code: str) -> str:
    return str(dict(Skill.choices).get(code, code))


@register.filter
def language_names(text: str) -> str:
    return _names(text, VolunteerLanguage.choices)


@register.filter
def training_names(text: str) -> str:
    return _names(text, Training.choices)


@register.filter
def slot_names(mask: int) -> str:
    return _("、").join(slot_label(weekday, part) for weekday, part in policies.slots_of(mask or 0))


@register.filter
def minutes_as_hours(minutes) -> str:
    return "—" if minutes is None else policies.hours_display(minutes)


@register.inclusion_tag("volunteers/partials/_event_shifts.html")
def event_volunteer_shifts(event) -> dict:
    """The shifts still to come that serve the event's sessions, for its page:
    readers see that volunteers are wanted and go to the shifts page to sign up."""
    now = clock.now()
    found = shifts_for_occurrences(occurrence_ids=[o.pk for o in event.occurrence_list])
    return {"shifts": [s for rows in found.values() for s in rows if s.ends_at >= now]}
