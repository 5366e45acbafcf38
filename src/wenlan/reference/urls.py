from django.urls import path

from wenlan.reference.views import reader

app_name = "reference"
urlpatterns = [
    path("ask/", reader.ask, name="ask"),
    path("ask/q/<str:token>/", reader.question_private, name="question_private"),
    path("me/questions/", reader.my_questions, name="my_questions"),
    path("me/questions/<id:question_id>/", reader.my_question, name="my_question"),
]
