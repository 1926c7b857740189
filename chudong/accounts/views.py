from __future__ import annotations

import base64
from io import BytesIO
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from chudong.access import policy
from chudong.access import selectors as access_selectors

from . import selectors, services, sessions
from .forms import LoginForm, ProfileForm, TokenForm


def _safe_next(request, fallback: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


def _activate_language(request, response, language: str):
    translation.activate(language)
    response.set_cookie("django_language", language, samesite="Lax", max_age=365 * 86400)
    return response


@policy.public_view
def login_view(request):
    if request.user.is_authenticated:
        return redirect(_safe_next(request))
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        login(request, form.user, backend="chudong.accounts.backends.UsernameEmailPhoneBackend")
        sessions.session_seen(request=request, force=True)
        target = _safe_next(request)
        if policy.requires_two_factor(form.user):
            target = f"{redirect('accounts:two_factor').url}?{urlencode({'next': target})}"
        return _activate_language(request, redirect(target), form.user.language)
    return render(request, "accounts/login.html", {"form": form, "next": _safe_next(request)})


@policy.user_view
@require_POST
def logout_view(request):
    logout(request)
    messages.info(request, _("You have logged out."))
    return redirect("accounts:login")


def _qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@policy.user_view
def two_factor_view(request):
    """Set up (first time) or verify a TOTP code."""
    user = request.user
    setting_up = not services.has_confirmed_totp(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.totp_verify(request=request, token=form.cleaned_data["token"]):
            messages.success(request, _("Two-step verification done."))
            return redirect(_safe_next(request))
        form.add_error("token", _("This code is wrong or has expired. Enter the current one."))
    context = {"form": form, "setting_up": setting_up, "next": _safe_next(request)}
    if setting_up:
        device = services.totp_device_for_setup(user=user)
        context["qr"] = _qr_svg(device.config_url)
        context["secret"] = base64.b32encode(device.bin_key).decode()
    return render(request, "accounts/two_factor.html", context)


@policy.user_view
def profile_view(request):
    user = request.user
    profile_form = ProfileForm(initial={"language": user.language})
    password_form = PasswordChangeForm(user)
    if request.method == "POST" and request.POST.get("form") == "profile":
        profile_form = ProfileForm(request.POST)
        if profile_form.is_valid():
            language = profile_form.cleaned_data["language"]
            services.user_set_language(user=user, language=language)
            translation.activate(language)
            messages.success(request, _("Saved."))
            return _activate_language(request, redirect("accounts:profile"), language)
    elif request.method == "POST" and request.POST.get("form") == "password":
        password_form = PasswordChangeForm(user, request.POST)
        if password_form.is_valid():
            services.user_change_password(request=request, form=password_form)
            messages.success(
                request, _("Your password has been changed. Your other sessions have ended.")
            )
            return redirect("accounts:profile")
    elif request.method == "POST" and request.POST.get("form") == "end_session":
        chosen = request.POST.get("session", "")
        try:
            sessions.session_end(
                user=user,
                session_id=int(chosen) if chosen.isdigit() else 0,
                current_key=request.session.session_key,
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("The session has ended: that browser is logged out."))
        return redirect("accounts:profile")
    elif request.method == "POST" and request.POST.get("form") == "end_other_sessions":
        ended = sessions.sessions_end_others(user=user, keep_key=request.session.session_key)
        messages.success(
            request,
            ngettext(
                "%(count)d other session has ended.", "%(count)d other sessions have ended.", ended
            )
            % {"count": ended},
        )
        return redirect("accounts:profile")
    assignments = access_selectors.user_active_assignments(user=user)
    return render(
        request,
        "accounts/profile.html",
        {
            "profile_form": profile_form,
            "password_form": password_form,
            "assignments": assignments,
            "two_factor": services.has_confirmed_totp(user),
            "sessions": selectors.user_session_list(
                user=user, current_key=request.session.session_key
            ),
        },
    )
