from ninja import Field, Schema

from wenlan.core.ids import RowId


class AskIn(Schema):
    # Up to 100,000 characters are accepted, so that a pasted page gets a polite
    # answer rather than a refusal; the first 2,000 are answered and kept.
    question: str = Field(
        ..., max_length=100_000, description="The question, in Chinese or English"
    )
    language: str | None = Field(
        None,
        max_length=16,
        description="`zh` (or `zh-hans`) or `en`: the answer's language; read from the "
        "question when left out",
    )
    conversation_id: RowId | None = Field(
        None, description="Continue this conversation (the caller's own); a new one if left out"
    )


class CitationOut(Schema):
    title: str
    publisher: str
    url: str
    date: str


class SourceOut(Schema):
    title: str
    url: str = Field(..., description="The passage's page (`/kb/<slug>/#p<n>`) or the site's page")
    excerpt: str
    ref: str = Field(..., description="The passage's id, `slug#n`; empty for a live answer")
    citations: list[CitationOut] = Field(..., description="The passage's own sources")


class AskOut(Schema):
    answer: str
    sources: list[SourceOut]
    confidence: float = Field(..., ge=0, le=1)
    answered: bool = Field(
        ..., description="false: no source answers it, and a librarian is offered instead"
    )
    conversation_id: int
    turn_id: int
    intent: str = Field(
        ...,
        description="knowledge, opening_hours, book_location, events, my_loans, empty or refused",
    )
    language: str
    can_hand_over: bool = Field(..., description="The question may be passed to a librarian")


class FeedbackIn(Schema):
    helpful: bool


class FeedbackOut(Schema):
    turn_id: int
    feedback: str = Field(..., description="helpful or unhelpful")


class HandOverIn(Schema):
    contact_email: str = Field("", max_length=254, description="Required when not signed in")
    contact_name: str = Field("", max_length=100)


class HandOverOut(Schema):
    turn_id: int
    question_id: int
    url: str = Field(..., description="Where the asker follows the question and reads the answer")
