from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("me/card/", views.card, name="card"),
    path("me/photo/", views.own_photo, name="photo"),
    path("card/verify/", views.verify, name="verify"),
    path("me/record/", views.record, name="record"),
    path("me/record/correct/", views.correct, name="correct"),
    path("me/data.json", views.data, name="data"),
    path("me/data.pdf", views.data_pdf, name="data_pdf"),
    path("units/<int:unit_id>/corrections/", views.unit_corrections, name="unit_corrections"),
    path("corrections/<int:correction_id>/", views.correction_detail, name="correction"),
    path("corrections/<int:correction_id>/file/", views.correction_file, name="correction_file"),
    path("members/<int:member_id>/invite/", views.invite, name="invite"),
    path("activate/", views.activate, name="activate"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("offline/", views.offline, name="offline"),
]
