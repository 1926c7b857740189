"""Log in with a username, an e-mail address or a phone number."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.db.models import Q

from .models import User, normalize_phone


class UsernameEmailPhoneBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        login = username.strip()
        condition = Q(username=login.lower()) | Q(email__iexact=login)
        phone = normalize_phone(login)
        if len(phone) >= 9 and "@" not in login:
            condition |= Q(phone=phone)
        user = User.objects.filter(condition).order_by("id").first()
        if user is None:
            # Spend the same time as a real check, so response time does not reveal
            # whether an account exists.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
