from django.urls import path

from . import views

app_name = "dissemination"
urlpatterns = [
    path("dissemination/", views.home, name="home"),
    path("units/<int:unit_id>/dissemination/", views.unit_documents, name="units"),
    path("units/<int:unit_id>/dissemination/send/", views.send, name="send"),
    path("units/<int:unit_id>/dissemination/overdue/", views.overdue, name="overdue"),
    path("units/<int:unit_id>/dissemination/<int:dispatch_id>/", views.coverage, name="coverage"),
    path(
        "units/<int:unit_id>/dissemination/<int:dispatch_id>/remind/",
        views.remind,
        name="remind",
    ),
    path(
        "units/<int:unit_id>/dissemination/<int:dispatch_id>/meeting/",
        views.meeting,
        name="meeting",
    ),
    path(
        "units/<int:unit_id>/dissemination/<int:dispatch_id>/files/<int:dispatch_file_id>/",
        views.unit_file,
        name="file",
    ),
    path("me/documents/", views.mine, name="mine"),
    path("me/documents/<int:dispatch_id>/", views.my_document, name="my_document"),
    path(
        "me/documents/<int:dispatch_id>/files/<int:dispatch_file_id>/",
        views.my_file,
        name="my_file",
    ),
    path("members/<int:member_id>/acknowledgements/", views.member_panel, name="member"),
]
