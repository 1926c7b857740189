from django.urls import path

from .views import admission, discipline, records, units

app_name = "procedures"
urlpatterns = [
    path("procedures/", units.home, name="home"),
    path("procedures/decisions/", units.decisions, name="decisions"),
    # A unit's procedures (tabs).
    path("units/<int:unit_id>/admissions/", admission.admission_list, name="admissions"),
    path(
        "units/<int:unit_id>/admissions/waiting/",
        admission.admissions_waiting,
        name="admissions_waiting",
    ),
    path("units/<int:unit_id>/admissions/new/", admission.admission_new, name="admission_new"),
    path("units/<int:unit_id>/discipline/", discipline.discipline_list, name="discipline_list"),
    path("units/<int:unit_id>/card-reissues/", units.reissue_list, name="reissue_list"),
    path("units/<int:unit_id>/commendations/", units.commendation_list, name="commendation_list"),
    path("units/<int:unit_id>/honorary/", units.honorary_list, name="honorary_list"),
    path("units/<int:unit_id>/honorary/new/", records.honorary_new, name="honorary_new"),
    path("units/<int:unit_id>/dossiers-incomplete/", units.incomplete_dossiers, name="incomplete"),
    # Admission cases.
    path("admissions/<int:admission_id>/", admission.admission_detail, name="admission"),
    path("admissions/<int:admission_id>/edit/", admission.admission_edit, name="admission_edit"),
    path(
        "admissions/<int:admission_id>/sensitive/",
        admission.admission_sensitive,
        name="admission_sensitive",
    ),
    # A member's procedures.
    path(
        "members/<int:member_id>/card-commendations-discipline/",
        records.member_procedures,
        name="member",
    ),
    path(
        "members/<int:member_id>/commendations/new/",
        records.commendation_new,
        name="commendation_new",
    ),
    path(
        "members/<int:member_id>/discipline/new/", discipline.discipline_new, name="discipline_new"
    ),
    path("members/<int:member_id>/card/issue/", records.card_issue, name="card_issue"),
    path("members/<int:member_id>/card/reissue/", records.reissue_new, name="reissue_new"),
    # Records.
    path("discipline/<int:discipline_id>/", discipline.discipline_detail, name="discipline"),
    path(
        "discipline/<int:discipline_id>/violation/",
        discipline.discipline_violation,
        name="discipline_violation",
    ),
    path("card-reissues/<int:reissue_id>/", records.reissue_detail, name="reissue"),
    path(
        "commendations/<int:commendation_id>/",
        records.commendation_detail,
        name="commendation",
    ),
    path("honorary/<int:honorary_id>/", records.honorary_detail, name="honorary"),
    path("documents/<int:document_id>/", units.document_download, name="document"),
]
