from django.urls import path

from . import views

app_name = "cadres"
urlpatterns = [
    path("cadres/", views.home, name="home"),
    path("units/<int:unit_id>/cadres/", views.unit_leadership, name="unit"),
    path("units/<int:unit_id>/cadres/terms/new/", views.term_new, name="term_new"),
    path("cadres/terms/<int:term_id>/edit/", views.term_edit, name="term_edit"),
    path("cadres/posts/<int:assignment_id>/", views.post_edit, name="post_edit"),
    path("units/<int:unit_id>/cadres/planning/", views.planning, name="planning"),
    path("cadres/planning/<int:planning_id>/", views.planning_status, name="planning_status"),
    path("cadres/people/<int:cadre_id>/", views.cadre, name="cadre"),
    path(
        "cadres/trainings/<int:training_id>/certificate/", views.training_file, name="training_file"
    ),
    path("members/<int:member_id>/cadre/", views.member_panel, name="member"),
    path("party/", views.party_home, name="party_home"),
    path("units/<int:unit_id>/party/", views.party, name="party"),
    path("members/<int:member_id>/party/new/", views.party_choose, name="party_choose"),
    path("party/<int:introduction_id>/", views.party_detail, name="party_detail"),
    path(
        "party/<int:introduction_id>/certificate/",
        views.party_certificate,
        name="party_certificate",
    ),
    path("party/<int:introduction_id>/letter/", views.party_letter_file, name="party_letter"),
]
