"""Files attached to procedure records: checked by their content (chudong.core.uploads),
at most 10 MB, stored under a random name; a failed step leaves no file behind.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from chudong.core.uploads import (  # noqa: F401 - re-exported for the procedures' views
    ACCEPT,
    EXTENSIONS,
    MAX_BYTES,
    CheckedUpload,
    FilesGuard,
    check_upload,
    check_uploads,
    safe_name,
    save_checked,
)

from ..models import Document, DocumentKind


def attach(
    *,
    actor: Any,
    owner: models.Model,
    kind: str,
    checked: CheckedUpload,
    guard: FilesGuard,
) -> Document:
    """Store a checked upload as a Document of `owner`. A building block: the calling
    service has authorised the actor and runs the transaction."""
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Choose the kind of document.")})
    document = Document(
        owner_type=ContentType.objects.get_for_model(owner),
        owner_id=owner.pk,
        kind=kind,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    save_checked(document.file, checked, guard)
    document._history_user = document.uploaded_by
    document.save()
    return document


def documents_of(owner: models.Model):
    return Document.objects.filter(
        owner_type=ContentType.objects.get_for_model(owner), owner_id=owner.pk
    ).order_by("uploaded_at", "pk")
