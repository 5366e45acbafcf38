from django.conf import settings
from django.core.checks import Error, register


@register()
def knowledge_settings(app_configs, **kwargs):
    """The knowledge base's settings in range: a confidence is 0..1, a file limit
    and a refresh interval positive."""
    errors = []
    if not 0.0 <= settings.KNOWLEDGE_ANSWER_CONFIDENCE <= 1.0:
        errors.append(
            Error(
                f"WENLAN_KNOWLEDGE_ANSWER_CONFIDENCE is {settings.KNOWLEDGE_ANSWER_CONFIDENCE}.",
                hint="A confidence is between 0 and 1; leave it unset for 0.6.",
                id="knowledge.E001",
            )
        )
    if settings.WENLAN_KNOWLEDGE_MAX_FILE_KB < 1:
        errors.append(
            Error(
                "WENLAN_KNOWLEDGE_MAX_FILE_KB must be at least 1.",
                hint="Leave it unset for 256.",
                id="knowledge.E002",
            )
        )
    if settings.WENLAN_KNOWLEDGE_LIBRARY_REFRESH_MINUTES < 1:
        errors.append(
            Error(
                "WENLAN_KNOWLEDGE_LIBRARY_REFRESH_MINUTES must be at least 1.",
                hint="Leave it unset for 60.",
                id="knowledge.E003",
            )
        )
    return errors
