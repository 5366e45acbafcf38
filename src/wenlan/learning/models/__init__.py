from wenlan.learning.models.classes import Attendance, ClassMeeting, CourseClass, Enrolment
from wenlan.learning.models.courses import (
    Certificate,
    Choice,
    Course,
    Lesson,
    LessonProgress,
    Provider,
    Question,
    Quiz,
    QuizAttempt,
    ReadingItem,
)

__all__ = [
    "Attendance",
    "Certificate",
    "Choice",
    "ClassMeeting",
    "Course",
    "CourseClass",
    "Enrolment",
    "Lesson",
    "LessonProgress",
    "Provider",
    "Question",
    "Quiz",
    "QuizAttempt",
    "ReadingItem",
]
