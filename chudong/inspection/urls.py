from django.urls import path

from . import views

app_name = "inspection"
urlpatterns = [
    path("inspection/", views.home, name="home"),
    path("units/<int:unit_id>/inspection/", views.unit_overview, name="unit"),
    path("units/<int:unit_id>/inspection/overdue/", views.overdue, name="overdue"),
    path("units/<int:unit_id>/inspection/plans/new/", views.plan_new, name="plan_new"),
    path("inspection/plans/<int:inspection_plan_id>/", views.plan_detail, name="plan"),
    path("inspection/plans/<int:inspection_plan_id>/edit/", views.plan_edit, name="plan_edit"),
    path("units/<int:unit_id>/inspection/new/", views.inspection_new, name="inspection_new"),
    path("inspection/<int:inspection_id>/", views.inspection_detail, name="inspection"),
    path("inspection/<int:inspection_id>/edit/", views.inspection_edit, name="inspection_edit"),
    path("inspection/remedies/<int:remedy_id>/", views.remedy, name="remedy"),
    path("inspection/remedies/<int:remedy_id>/file/", views.remedy_file, name="remedy_file"),
    path("units/<int:unit_id>/reviews/", views.reviews, name="reviews"),
    path("units/<int:unit_id>/reviews/write/", views.review_new, name="review_new"),
    path("inspection/reviews/<int:year_review_id>/", views.review_detail, name="review"),
    path("inspection/reviews/<int:year_review_id>/edit/", views.review_edit, name="review_edit"),
    path("units/<int:unit_id>/exemplary/", views.exemplaries, name="exemplaries"),
    path("units/<int:unit_id>/exemplary/new/", views.exemplary_new, name="exemplary_new"),
    path("units/<int:unit_id>/exemplary/to-replicate/", views.to_replicate, name="to_replicate"),
    path("inspection/exemplary/<int:exemplary_id>/", views.exemplary_detail, name="exemplary"),
    path(
        "inspection/exemplary/<int:exemplary_id>/edit/", views.exemplary_edit, name="exemplary_edit"
    ),
    path(
        "inspection/exemplary/<int:exemplary_id>/share/",
        views.exemplary_share,
        name="exemplary_share",
    ),
    path(
        "inspection/exemplary/<int:exemplary_id>/file/", views.exemplary_file, name="exemplary_file"
    ),
]
