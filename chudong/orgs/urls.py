from django.urls import path

from . import views

app_name = "orgs"
urlpatterns = [
    path("", views.home, name="home"),
    path("units/<int:unit_id>/", views.unit_detail, name="unit"),
    path("units/<int:unit_id>/tree/", views.unit_tree, name="tree"),
    path("units/<int:unit_id>/history/", views.unit_history, name="history"),
    path("units/<int:unit_id>/warnings/", views.unit_warnings, name="warnings"),
    path("units/<int:unit_id>/edit/", views.unit_edit, name="edit"),
    path("units/<int:unit_id>/new/", views.unit_create, name="create"),
    path("units/<int:unit_id>/rename/", views.unit_rename, name="rename"),
    path("units/<int:unit_id>/move/", views.unit_move, name="move"),
    path("units/<int:unit_id>/merge/", views.unit_merge, name="merge"),
    path("units/<int:unit_id>/split/", views.unit_split, name="split"),
    path("units/<int:unit_id>/dissolve/", views.unit_dissolve, name="dissolve"),
]
