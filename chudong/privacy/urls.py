from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("privacy/", views.home, name="home"),
    path("privacy/read-log/", views.read_log_home, name="read_log_home"),
    path("privacy/register/", views.register, name="register"),
    path("privacy/holidays/", views.holidays, name="holidays"),
    path("me/consents/", views.my_consents, name="my_consents"),
    path("me/data-requests/", views.my_requests, name="my_requests"),
    path("units/<int:unit_id>/privacy/", views.unit, name="unit"),
    path("units/<int:unit_id>/privacy/read-log/", views.read_log, name="read_log"),
    path("units/<int:unit_id>/privacy/read-log.xlsx", views.read_log_xlsx, name="read_log_xlsx"),
    path("members/<int:member_id>/privacy/", views.member, name="member"),
    path("members/<int:member_id>/privacy/consents/new/", views.consent_new, name="consent_new"),
    path("members/<int:member_id>/privacy/requests/new/", views.request_new, name="request_new"),
    path(
        "privacy/consents/<int:consent_id>/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("privacy/requests/<int:data_request_id>/", views.request_detail, name="request"),
    path(
        "privacy/requests/<int:data_request_id>/data.json", views.request_data, name="request_data"
    ),
]
