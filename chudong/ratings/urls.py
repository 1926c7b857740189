from django.urls import path

from . import views

app_name = "ratings"
urlpatterns = [
    path("ratings/", views.home, name="home"),
    path("training/", views.training_home, name="training_home"),
    path("units/<int:unit_id>/ratings/", views.unit_summary, name="unit"),
    path("units/<int:unit_id>/ratings/summary.xlsx", views.unit_summary_export, name="export"),
    path("units/<int:unit_id>/ratings/unrated/", views.unrated, name="unrated"),
    path("units/<int:unit_id>/ratings/<int:year>/", views.rating_sheet, name="sheet"),
    path("units/<int:unit_id>/training/<int:year>/", views.training_sheet, name="training"),
    path("members/<int:member_id>/ratings/", views.member_ratings, name="member"),
    path(
        "members/<int:member_id>/ratings/<int:year>/correct/",
        views.rating_correction,
        name="correct",
    ),
    path(
        "members/<int:member_id>/training/<int:year>/",
        views.training_member,
        name="training_member",
    ),
]
