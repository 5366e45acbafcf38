"""E-mail to a visitor who asked without an account: the private link when they
ask, the answer's notice when it is answered. A task takes the question's id,
re-reads it and claims the mail (services.questions.question_mail_claim) before
sending, so running it twice sends once."""

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from wenlan.reference.selectors.questions import question_for_mail
from wenlan.reference.services.questions import question_mail_claim, question_mail_release


def _mail_text(question, kind: str) -> tuple[str, str]:
    link = settings.WENLAN_SITE_URL.rstrip("/") + question.get_absolute_url()
    name = question.contact_name or _("读者")
    if kind == "asked":
        return (
            _("文澜：已收到您的咨询（%(number)s 号）") % {"number": question.pk},
            _(
                "%(name)s，您好！我们已收到您的咨询，馆员会在 %(due)s 前答复。"
                "请保存以下链接，随时查看进展和答复（请勿转发给他人）：\n%(link)s"
            )
            % {
                "name": name,
                "due": timezone.localtime(question.due_at).strftime("%Y-%m-%d %H:%M"),
                "link": link,
            },
        )
    return (
        _("文澜：您的咨询（%(number)s 号）已答复") % {"number": question.pk},
        _("%(name)s，您好！馆员已答复您的咨询，请打开以下链接查看答复和参考来源：\n%(link)s")
        % {"name": name, "link": link},
    )


@task()
def question_mail(question_id: int, kind: str) -> bool:
    """kind: "asked" or "answered". True when the mail went this time."""
    question = question_for_mail(question_id=question_id)
    if question is None or not question.contact_email:
        return False
    if not question_mail_claim(question_id=question_id, kind=kind):
        return False
    with translation.override(question.language):
        subject, body = _mail_text(question, kind)
    try:
        send_mail(subject, body, None, [question.contact_email])
    except OSError:
        question_mail_release(question_id=question_id, kind=kind)
        raise
    return True
