from django.urls import include, path
from django.views.i18n import set_language

from chudong.access import policy
from chudong.core.views import healthz

urlpatterns = [
    path("", include("chudong.orgs.urls")),
    path("", include("chudong.access.urls")),
    path("", include("chudong.members.urls")),
    path("", include("chudong.reports.urls")),
    path("", include("chudong.imports.urls")),
    path("", include("chudong.rules.urls")),
    path("", include("chudong.procedures.urls")),
    path("", include("chudong.ratings.urls")),
    path("", include("chudong.dues.urls")),
    path("", include("chudong.plans.urls")),
    path("", include("chudong.activities.urls")),
    path("", include("chudong.care.urls")),
    path("", include("chudong.meetings.urls")),
    path("", include("chudong.transfers.urls")),
    path("", include("chudong.notices.urls")),
    path("", include("chudong.dissemination.urls")),
    path("", include("chudong.youth.urls")),
    path("", include("chudong.advisory.urls")),
    path("", include("chudong.cadres.urls")),
    path("", include("chudong.inspection.urls")),
    path("", include("chudong.building.urls")),
    path("", include("chudong.recognition.urls")),
    path("api/v1/", include("chudong.api.urls")),
    path("", include("chudong.api.page_urls")),
    path("", include("chudong.portal.urls")),
    path("", include("chudong.privacy.urls")),
    path("accounts/", include("chudong.accounts.urls")),
    path("i18n/setlang/", policy.public_view(set_language), name="set_language"),
    path("healthz", healthz, name="healthz"),
]

# The database unreachable outside a view (e.g. loading the session): the 503 page.
handler500 = "chudong.core.middleware.server_error"
