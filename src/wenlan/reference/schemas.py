import datetime as dt

from ninja import Field, Schema


class QuestionAskIn(Schema):
    text: str = Field(..., max_length=50_000, description="The question, as the reader wrote it")
    language: str = Field(
        "", max_length=16, description="zh-hans or en (zh, zh-CN, en-GB… accepted); empty: zh-hans"
    )
    category: str = Field(
        "",
        max_length=16,
        description="lending, collections, local, study, civic or other (empty: other)",
    )
    on_behalf_of: str = Field(
        "",
        max_length=200,
        description="A partner's key: who the question is for (the partner's own reader "
        "reference; required for a partner's key)",
    )
    contact_name: str = Field("", max_length=100)
    contact_email: str = Field(
        "", max_length=254, description="Where the answer is announced, if the asker has no account"
    )


class SourceOut(Schema):
    title: str
    publisher: str
    url: str
    date: str = Field(..., description='As given: "2011-06-24", "2011-06", "2011" or ""')


class QuestionOut(Schema):
    id: int
    status: str = Field(..., description="new, assigned, answered, referred or closed")
    text: str
    language: str
    category: str
    channel: str
    on_behalf_of: str
    asked_at: dt.datetime
    due_at: dt.datetime
    answer: str | None = Field(None, description="The librarian's answer, once given")
    answered_at: dt.datetime | None
    sources: list[SourceOut]
    url: str = Field(..., description="Where the asker follows the question (a path)")


class ReferralOut(Schema):
    id: int
    question_id: int
    question_text: str
    category: str
    language: str
    note: str = Field(..., description="The referring librarian's note to the partner")
    sent_at: dt.datetime
    due_at: dt.datetime
    status: str = Field(..., description="sent, answered or declined")
    answer: str
    answered_at: dt.datetime | None


class ReferralAnswerIn(Schema):
    answer: str = Field("", max_length=20_000, description="Required unless declined")
    declined: bool = Field(False, description="The partner cannot answer it (answer: why)")
