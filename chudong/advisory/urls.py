from django.urls import path

from . import views

app_name = "advisory"
urlpatterns = [
    path("advisory/", views.home, name="home"),
    path("units/<int:unit_id>/advisory/", views.unit_overview, name="unit"),
    path("units/<int:unit_id>/advisory/resources/", views.resources, name="resources"),
    path("units/<int:unit_id>/advisory/resources/new/", views.resource_new, name="resource_new"),
    path("advisory/resources/<int:resource_id>/", views.resource_detail, name="resource"),
    path("advisory/resources/<int:resource_id>/edit/", views.resource_edit, name="resource_edit"),
    path("units/<int:unit_id>/advisory/agreements/", views.agreements, name="agreements"),
    path("units/<int:unit_id>/advisory/agreements/new/", views.agreement_new, name="agreement_new"),
    path("advisory/agreements/<int:agreement_id>/", views.agreement_detail, name="agreement"),
    path(
        "advisory/agreements/<int:agreement_id>/edit/", views.agreement_edit, name="agreement_edit"
    ),
    path(
        "advisory/agreements/<int:agreement_id>/file/", views.agreement_file, name="agreement_file"
    ),
    path("units/<int:unit_id>/advisory/proposals/", views.proposals, name="proposals"),
    path("units/<int:unit_id>/advisory/proposals/new/", views.proposal_new, name="proposal_new"),
    path("advisory/proposals/<int:proposal_id>/", views.proposal_detail, name="proposal"),
    path("advisory/proposals/<int:proposal_id>/edit/", views.proposal_edit, name="proposal_edit"),
    path(
        "advisory/proposals/<int:proposal_id>/response/",
        views.proposal_response,
        name="proposal_response",
    ),
    path("advisory/proposals/<int:proposal_id>/file/", views.proposal_file, name="proposal_file"),
]
