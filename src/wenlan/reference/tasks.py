"""E-mail to a visitor who asked without an account: the private link when they
ask, the answer's notice when it is answered; and to an alliance partner's
librarians when a question is referred to them. A task takes the row's id,
re-reads it and claims the mail (`question_mail_claim`, `referral_mail_claim`)
before sending, so running it twice sends once."""

from django.conf import settings
from django.core.mail import send_mail, send_mass_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from wenlan.reference.selectors.questions import question_for_mail
from wenlan.reference.selectors.staff import partner_librarians, referral_for_mail
from wenlan.reference.services.questions import question_mail_claim, question_mail_release
from wenlan.reference.services.referrals import (
    referral_mail_claim,
    referral_mail_release,
    referral_reminder_claim,
    referral_reminder_release,
)


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


@task()
def referral_mail(referral_id: int) -> int:
    """Tells the partner's librarians (their accounts' e-mail addresses, each in
    their language) that a question waits for them; never who asked. The number of
    mails sent this time."""
    referral = referral_for_mail(referral_id=referral_id)
    if referral is None:
        return 0
    recipients = partner_librarians(partner_id=referral.partner_id)
    if not recipients or not referral_mail_claim(referral_id=referral_id):
        return 0
    link = settings.WENLAN_SITE_URL.rstrip("/") + reverse("reference:partner_referrals")
    due = timezone.localtime(referral.due_at).strftime("%Y-%m-%d %H:%M")
    messages = []
    for user in recipients:
        with translation.override(user.language):
            subject = _("文澜：转介给%(partner)s的咨询（%(number)s 号）") % {
                "partner": referral.partner.name_zh,
                "number": referral.question_id,
            }
            body = _(
                "您好！杭州图书馆参考咨询馆员转来一个读者问题，请在 %(due)s 前答复：\n\n"
                "%(question)s\n\n转介说明：%(note)s\n\n答复请到：%(link)s"
            ) % {
                "due": due,
                "question": referral.question.text,
                "note": referral.note or "—",
                "link": link,
            }
        messages.append((subject, body, None, [user.email]))
    try:
        send_mass_mail(messages)
    except OSError:
        referral_mail_release(referral_id=referral_id)
        raise
    return len(messages)


@task()
def referral_reminder(referral_id: int) -> int:
    """Reminds the partner's librarians, once, of a referral past its due time that
    they have not answered (`wenlan reference-scan` enqueues it). The number of
    mails sent this time."""
    referral = referral_for_mail(referral_id=referral_id)
    if referral is None:
        return 0
    recipients = partner_librarians(partner_id=referral.partner_id)
    if not recipients or not referral_reminder_claim(referral_id=referral_id):
        return 0
    link = settings.WENLAN_SITE_URL.rstrip("/") + reverse("reference:partner_referrals")
    due = timezone.localtime(referral.due_at).strftime("%Y-%m-%d %H:%M")
    messages = []
    for user in recipients:
        with translation.override(user.language):
            subject = _("文澜：转介的咨询（%(number)s 号）已过答复期限") % {
                "number": referral.question_id
            }
            body = _(
                "您好！杭州图书馆转来的读者问题应在 %(due)s 前答复，现已逾期，请尽快答复：\n\n"
                "%(question)s\n\n答复请到：%(link)s"
            ) % {"due": due, "question": referral.question.text, "link": link}
        messages.append((subject, body, None, [user.email]))
    try:
        send_mass_mail(messages)
    except OSError:
        referral_reminder_release(referral_id=referral_id)
        raise
    return len(messages)
