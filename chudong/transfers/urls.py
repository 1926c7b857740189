from django.urls import path

from .views import maturation, strike_off, transfer

app_name = "transfers"
urlpatterns = [
    # Transfers
    path("transfers/", transfer.home, name="home"),
    path("units/<int:unit_id>/transfers/", transfer.unit_transfers, name="unit"),
    path("units/<int:unit_id>/transfers/register/", transfer.transfer_register, name="register"),
    path(
        "units/<int:unit_id>/transfers/register.xlsx",
        transfer.transfer_register_xlsx,
        name="register_xlsx",
    ),
    path("members/<int:member_id>/procedures/", transfer.member_procedures, name="member"),
    path("members/<int:member_id>/transfer/", transfer.transfer_new, name="new"),
    path(
        "members/<int:member_id>/transfer/destinations/",
        transfer.transfer_destinations,
        name="destinations",
    ),
    path("transfers/<int:transfer_id>/", transfer.transfer_detail, name="detail"),
    *[
        path(
            f"transfers/<int:transfer_id>/{action}/",
            transfer.transfer_action,
            {"action": action},
            name=action,
        )
        for action in ("endorse", "introduce", "receive", "refuse", "cancel", "end")
    ],
    # Maturation
    path("maturation/", maturation.home, name="maturation_home"),
    path("units/<int:unit_id>/maturation/", maturation.unit_maturation, name="maturation"),
    path("units/<int:unit_id>/maturation/batch/", maturation.maturation_batch, name="batch_new"),
    path("maturation/batches/<int:maturation_batch_id>/", maturation.batch_detail, name="batch"),
    path(
        "maturation/certificates/<int:maturation_entry_id>.pdf",
        maturation.certificate,
        name="certificate",
    ),
    path("members/<int:member_id>/maturation/keep/", maturation.member_keep, name="keep"),
    # Striking off
    path("strike-off/", strike_off.home, name="strike_off_home"),
    path("units/<int:unit_id>/strike-off/", strike_off.unit_strike_off, name="strike_off"),
    path("members/<int:member_id>/strike-off/", strike_off.strike_off_new, name="strike_off_new"),
    path(
        "strike-off/<int:strike_off_id>/",
        strike_off.strike_off_detail,
        name="strike_off_detail",
    ),
    *[
        path(
            f"strike-off/<int:strike_off_id>/{action}/",
            strike_off.strike_off_action,
            {"action": action},
            name=f"strike_off_{action}",
        )
        for action in ("decide", "withdraw")
    ],
]
