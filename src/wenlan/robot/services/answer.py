"""`robot_answer`: a question in, an answer with its sources out, kept as a turn of
the asker's conversation. Live intents are answered from live data, everything
else from the knowledge base; whatever the input (empty, 50,000 characters,
markup, script, prompt-injection text) the answer is polite, and the question is
only ever shown escaped."""

import datetime as dt
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from wenlan.core import clock
from wenlan.core.errors import RateLimitedError, ValidationError
from wenlan.patrons.selectors import reader_of
from wenlan.robot import locks, policies
from wenlan.robot.enums import Intent
from wenlan.robot.models import Conversation, Turn
from wenlan.robot.policies import Reply, Source
from wenlan.robot.selectors import knowledge, live


@dataclass(frozen=True)
class Answer:
    answer: str
    sources: tuple[Source, ...]
    confidence: float
    answered: bool
    intent: str
    turn_id: int
    conversation_id: int
    language: str

    @property
    def can_hand_over(self) -> bool:
        """A real question may go to a librarian; an empty or refused one may not."""
        return self.intent not in (Intent.EMPTY, Intent.REFUSED)


def _reply_for(intent: Intent, *, question: str, actor, today: dt.date) -> Reply:
    if intent == Intent.EMPTY:
        return Reply(_("请输入您的问题，例如：杭州图书馆今天开到几点？"), confidence=1.0)
    if intent == Intent.REFUSED:
        return Reply(
            _("我只能回答关于图书馆和杭州的问题，并注明出处。请换个问法再问我。"), confidence=1.0
        )
    if intent == Intent.OPENING_HOURS:
        return live.opening_hours_reply(question=question, actor=actor)
    if intent == Intent.BOOK_LOCATION:
        return live.book_location_reply(question=question)
    if intent == Intent.EVENTS:
        return live.events_reply(question=question, today=today)
    if intent == Intent.MY_LOANS:
        return live.my_loans_reply(actor=actor, today=today)
    return knowledge.knowledge_reply(question=question)


def _sources_json(sources: tuple[Source, ...]) -> list[dict]:
    return [asdict(source) for source in sources]


def robot_answer(
    actor,
    *,
    question: str,
    language: str | None = None,
    conversation_id: int | None = None,
    visitor_key: str = "",
) -> Answer:
    """Anyone may ask: a signed-in reader (their conversation is theirs, and
    "my loans" answers with their loans only) or a visitor, whose conversation is
    found by `visitor_key` (`policies.visitor_key` of their session). A
    conversation id that is not the asker's starts a new conversation. The reply is
    worked out before the transaction (a phrasing model may take seconds); the
    turn is then written under the conversation's lock, and the conversation
    keeps its last `policies.TURNS_KEPT` turns."""
    reader = reader_of(actor)
    if reader is None and not visitor_key:
        raise ValidationError(_("请允许浏览器保存 Cookie 后再提问。"))
    _ensure_within_rate(reader_id=reader.pk if reader else None, visitor_key=visitor_key)
    kept = policies.question_cut(question)
    plain = policies.question_plain(kept)
    answer_language = policies.answer_language(language, plain)
    intent = policies.intent_of(plain)
    with translation.override(answer_language):
        reply = _reply_for(intent, question=plain, actor=actor, today=clock.today())
    turn = _turn_record(
        reader_id=reader.pk if reader else None,
        visitor_key="" if reader else visitor_key,
        conversation_id=conversation_id,
        language=answer_language,
        question=kept,
        intent=intent,
        reply=reply,
    )
    return Answer(
        answer=reply.answer,
        sources=reply.sources,
        confidence=round(reply.confidence, 4),
        answered=reply.answered,
        intent=intent,
        turn_id=turn.pk,
        conversation_id=turn.conversation_id,
        language=answer_language,
    )


def _ensure_within_rate(*, reader_id: int | None, visitor_key: str) -> None:
    """At most ROBOT_QUESTIONS_PER_MINUTE questions a minute from one asker (a loop
    in a page or a script would otherwise keep a worker, and an optional phrasing
    model, busy). A soft limit: two questions at the same instant may both pass."""
    limit = settings.ROBOT_QUESTIONS_PER_MINUTE
    if limit <= 0:
        return
    owner = (
        {"conversation__reader_id": reader_id}
        if reader_id
        else {"conversation__visitor_key": visitor_key}
    )
    since = clock.now() - dt.timedelta(minutes=1)
    if Turn.objects.filter(created_at__gte=since, **owner).count() >= limit:
        raise RateLimitedError(_("您提问太频繁了，请稍等一分钟再问。"))


def _owned_conversation_id(
    *, conversation_id: int | None, reader_id: int | None, visitor_key: str
) -> int | None:
    if conversation_id is None:
        return None
    owner = {"reader_id": reader_id} if reader_id else {"visitor_key": visitor_key}
    found = Conversation.objects.filter(pk=conversation_id, **owner).values_list("pk", flat=True)
    return found.first()


@transaction.atomic
def _turn_record(
    *,
    reader_id: int | None,
    visitor_key: str,
    conversation_id: int | None,
    language: str,
    question: str,
    intent: Intent,
    reply: Reply,
) -> Turn:
    now = clock.now()
    owned = _owned_conversation_id(
        conversation_id=conversation_id, reader_id=reader_id, visitor_key=visitor_key
    )
    conversation = locks.conversation_lock(conversation_id=owned) if owned else None
    if conversation is None:
        conversation = Conversation.objects.create(
            reader_id=reader_id, visitor_key=visitor_key, language=language, started_at=now
        )
    conversation.turns_asked += 1
    conversation.save(update_fields=["turns_asked"])
    turn = Turn.objects.create(
        conversation=conversation,
        position=conversation.turns_asked,
        question=question,
        answer=reply.answer,
        sources=_sources_json(reply.sources),
        confidence=round(reply.confidence, 4),
        answered=reply.answered,
        intent=intent,
        created_at=now,
    )
    Turn.objects.filter(
        conversation=conversation, position__lte=turn.position - policies.TURNS_KEPT
    ).delete()
    return turn
