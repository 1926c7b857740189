from django.urls import path

from . import views

app_name = "members"
urlpatterns = [
    path("members/", views.home, name="home"),
    path("me/", views.me, name="me"),
    path("units/<int:unit_id>/members/", views.member_list, name="list"),
    path("units/<int:unit_id>/members/new/", views.member_create, name="create"),
    path("units/<int:unit_id>/members/duplicates/", views.unit_duplicates, name="duplicates"),
    path("members/<int:member_id>/", views.member_detail, name="detail"),
    path("members/<int:member_id>/edit/", views.member_edit, name="edit"),
    path("members/<int:member_id>/photo/", views.member_photo, name="photo"),
    path("members/<int:member_id>/sensitive/", views.member_sensitive, name="sensitive"),
    path(
        "members/<int:member_id>/sensitive/edit/",
        views.member_sensitive_edit,
        name="sensitive_edit",
    ),
    path("members/<int:member_id>/status/", views.member_status, name="status"),
    path("members/<int:member_id>/history/", views.member_history, name="history"),
    path("members/<int:member_id>/merge/", views.member_merge, name="merge"),
]
