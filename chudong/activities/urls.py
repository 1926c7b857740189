from django.urls import path

from . import views

app_name = "activities"
urlpatterns = [
    path("activities/", views.home, name="home"),
    path("units/<int:unit_id>/activities/", views.unit_activities, name="unit"),
    path("units/<int:unit_id>/activities/new/", views.activity_create, name="create"),
    path("activities/<int:activity_id>/", views.activity_detail, name="detail"),
    path("activities/<int:activity_id>/edit/", views.activity_edit, name="edit"),
    path("activities/<int:activity_id>/participants/", views.activity_participants,
         name="participants"),
    path("activities/<int:activity_id>/qr/", views.activity_qr, name="qr"),
    path("activities/<int:activity_id>/photos/<int:activity_photo_id>/", views.activity_photo,
         name="photo"),
    path("activities/<int:activity_id>/handover-minutes/", views.handover_minutes,
         name="handover_minutes"),
    path("activities/checkin/<checkin_token>/", views.checkin_page, name="checkin"),
    path("members/<int:member_id>/activities/", views.member_activities, name="member"),
    path("me/activities/", views.mine, name="mine"),
]  # fmt: skip
