from django.urls import path

from . import views

app_name = "access"
urlpatterns = [
    path("units/<int:unit_id>/leadership/", views.leadership, name="leadership"),
    path("units/<int:unit_id>/leadership/people/", views.people_search, name="people"),
    path(
        "units/<int:unit_id>/leadership/<int:assignment_id>/end/",
        views.assignment_end,
        name="end",
    ),
    path(
        "units/<int:unit_id>/leadership/<int:assignment_id>/password/",
        views.assignment_password,
        name="password",
    ),
    path("audit/reads/", views.read_log, name="read_log"),
]
