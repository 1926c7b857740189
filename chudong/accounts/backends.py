"""Log in with a username, an e-mail address or a phone number."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.db.models import Q

from chudong.core.sql import get_with_related

from .models import User, normalize_phone


def find_account(login: str) -> User | None:
    """The account a login names: its username, e-mail or phone, written any way."""
    login = login.strip()
    condition = Q(username=login.lower()) | Q(email__iexact=login)
    phone = normalize_phone(login)
    if len(phone) >= 9 and "@" not in login:
        condition |= Q(phone=phone)
    return User.objects.filter(condition).order_by("id").first()


def lockout_username(request, credentials: dict | None = None) -> str:
    """django-axes counts failures per account, not per spelling of the login.

    Without this, "staff.a", "STAFF.A", the e-mail and each way of writing the phone number
    would each get their own five attempts, and a successful login (recorded under the
    username) would not clear failures typed as an e-mail or phone.
    """
    login = (credentials or {}).get("username")
    if login is None and request is not None:
        login = request.POST.get("username")
    login = (login or "").strip()
    account = find_account(login)
    if account is not None:
        return account.username
    phone = normalize_phone(login)
    return phone if len(phone) >= 9 and "@" not in login else login.lower()


class UsernameEmailPhoneBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        user = find_account(username)
        if user is None:
            # Spend the same time as a real check, so response time does not reveal
            # whether an account exists.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id):
        """The session's user, on every request: a raw statement (its columns converted
        as the ORM would) instead of a query built through the ORM each time."""
        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
        user = get_with_related(User, pk)
        return user if user is not None and self.user_can_authenticate(user) else None
