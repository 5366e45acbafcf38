import datetime as dt

from ninja import Schema


class CourseOut(Schema):
    id: int
    title: str
    title_zh: str
    title_en: str
    provider: str
    provider_kind: str
    format: str
    summary: str


class LessonOut(Schema):
    id: int
    position: int
    kind: str
    title: str
    has_quiz: bool
    video_url: str | None


class MeetingOut(Schema):
    starts_at: dt.datetime
    ends_at: dt.datetime


class ClassOut(Schema):
    id: int
    library: str
    room: str
    teacher_name: str
    capacity: int
    places_left: int
    waiting: int
    meetings: list[MeetingOut]


class CourseDetailOut(CourseOut):
    lessons: list[LessonOut]
    classes: list[ClassOut]


class EnrolmentOut(Schema):
    id: int
    class_id: int
    course_id: int
    status: str
    created_at: dt.datetime


class CertificateCheckOut(Schema):
    genuine: bool
    course: str | None
    issued_on: dt.date | None
    holder: str
