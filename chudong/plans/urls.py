from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("plans/", views.home, name="home"),
    path("units/<int:unit_id>/plans/", views.unit_plans, name="unit"),
    path("units/<int:unit_id>/plans/new/", views.plan_create, name="create"),
    path("units/<int:unit_id>/directives/", views.unit_directives, name="directives"),
    path("units/<int:unit_id>/directives/new/", views.directive_create, name="directive_create"),
    path("directives/<int:directive_id>/", views.directive_detail, name="directive"),
    path("directives/<int:directive_id>/edit/", views.directive_edit, name="directive_edit"),
    path("directives/<int:directive_id>/file/", views.directive_file, name="directive_file"),
    path("plans/<int:work_plan_id>/", views.plan_detail, name="plan"),
    path("plans/<int:work_plan_id>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:work_plan_id>/targets/new/", views.target_create, name="target_create"),
    path("plan-targets/<int:plan_target_id>/edit/", views.target_edit, name="target_edit"),
    path("plan-targets/<int:plan_target_id>/cascade/", views.target_cascade, name="cascade"),
    path("plan-targets/<int:plan_target_id>/progress/", views.target_progress, name="progress"),
]
