from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("meetings/", views.home, name="home"),
    path("me/meetings/", views.mine, name="mine"),
    path("units/<int:unit_id>/meetings/", views.unit_meetings, name="unit"),
    path("units/<int:unit_id>/meetings/schedule/", views.schedule, name="schedule"),
    path("units/<int:unit_id>/meetings/record/", views.record, name="record"),
    path("units/<int:unit_id>/meetings/missed/", views.missed, name="missed"),
    path("branch-meetings/<int:branch_meeting_id>/", views.detail, name="detail"),
    path(
        "branch-meetings/<int:branch_meeting_id>/record/",
        views.record_meeting,
        name="record_meeting",
    ),
    path("branch-meetings/<int:branch_meeting_id>/approve/", views.approve, name="approve"),
    path("branch-meetings/<int:branch_meeting_id>/cancel/", views.cancel, name="cancel"),
    path("members/<int:member_id>/meetings/", views.member_panel, name="member"),
]
