from django.urls import path

from .views import opinions, register, surveys

app_name = "youth"
urlpatterns = [
    # The youth register.
    path("youth/", register.home, name="home"),
    path("units/<int:unit_id>/youth/", register.youth_list, name="list"),
    path("units/<int:unit_id>/youth/new/", register.youth_new, name="new"),
    path("youth/<int:youth_id>/", register.youth_detail, name="detail"),
    path("youth/<int:youth_id>/edit/", register.youth_edit, name="edit"),
    path("youth/<int:youth_id>/admission/", register.youth_admission, name="admission"),
    # Youth opinion.
    path("youth-opinion/", opinions.opinions_home, name="opinions_home"),
    path("units/<int:unit_id>/youth-opinion/", opinions.opinion_list, name="opinions"),
    path(
        "units/<int:unit_id>/youth-opinion/overdue/",
        opinions.opinions_overdue,
        name="opinions_overdue",
    ),
    path("units/<int:unit_id>/youth-opinion/new/", opinions.opinion_new, name="opinion_new"),
    path("units/<int:unit_id>/youth-opinion/summary/", opinions.opinion_summary, name="summary"),
    path("youth-opinion/<int:opinion_id>/", opinions.opinion_detail, name="opinion"),
    path("youth-opinion/<int:opinion_id>/edit/", opinions.opinion_edit, name="opinion_edit"),
    path(
        "members/<int:member_id>/youth-opinion/", opinions.member_opinions, name="member_opinions"
    ),
    # Surveys.
    path("surveys/", surveys.surveys_home, name="surveys_home"),
    path("units/<int:unit_id>/surveys/", surveys.survey_list, name="surveys"),
    path("units/<int:unit_id>/surveys/new/", surveys.survey_new, name="survey_new"),
    path("surveys/<int:survey_id>/", surveys.survey_detail, name="survey"),
    path(
        "survey-answers/<int:survey_response_id>/opinion/",
        surveys.answer_to_opinion,
        name="answer_opinion",
    ),
    path("me/surveys/", surveys.my_surveys, name="my_surveys"),
    path("me/surveys/<int:survey_id>/", surveys.my_survey, name="my_survey"),
]
