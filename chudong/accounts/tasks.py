from __future__ import annotations

from django_tasks import task


@task()
def credential_change_mail(user_id: int, reset: bool) -> bool:
    """E-mail a person that their password was changed or reset (runs in the task worker,
    so a slow or refusing mail server never holds up or undoes the change)."""
    from .emails import credential_change_send

    return credential_change_send(user_id=user_id, reset=reset)
