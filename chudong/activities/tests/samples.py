"""Samples for the access matrix (tests/test_access_matrix.py): one youth project under
`unit` with a photo and hand-over minutes (real files), and its check-in token."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def samples(world, unit, member) -> dict:
    from chudong.activities.models import Activity, ActivityPhoto
    from chudong.activities.services import checkin_token

    activity = Activity.objects.filter(unit=unit).first()
    if activity is None:
        start = timezone.now().replace(microsecond=0) - dt.timedelta(hours=1)
        activity = Activity(
            unit=unit, unit_path=unit.path, is_project=True, kind="volunteer",
            title=f"Công trình mẫu {unit.code}", starts_at=start,
            ends_at=start + dt.timedelta(days=30), handed_over_to="Ban Nhân dân thôn",
            handed_over_on=start.date(), handover_minutes_name="bien-ban.png",
        )  # fmt: skip
        activity.handover_minutes.save("mau.png", ContentFile(PNG), save=False)
        activity.save()
    photo = ActivityPhoto.objects.filter(activity=activity).first()
    if photo is None:
        photo = ActivityPhoto(
            activity=activity, original_name="anh.png", content_type="image/png", size=len(PNG)
        )
        photo.file.save("anh.png", ContentFile(PNG), save=False)
        photo.save()
    return {
        "activity_id": activity.pk,
        "activity_photo_id": photo.pk,
        "checkin_token": checkin_token(activity),
    }


def fingerprint() -> tuple:
    from chudong.activities.models import Activity, ActivityPhoto, Participation

    return (
        tuple(
            Activity.objects.order_by("pk").values_list(
                "state", "title", "value", "handed_over_on", "participants_count"
            )
        ),
        tuple(Participation.objects.order_by("pk").values_list("activity_id", "member_id")),
        ActivityPhoto.objects.count(),
    )
