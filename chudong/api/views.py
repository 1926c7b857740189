"""Pages to make and revoke API tokens: one's own, and a unit's service accounts.
A token's secret is shown once, on the page that answers its creation."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access import selectors as access_selectors
from chudong.access.capabilities import Cap
from chudong.core.views import apply_service_errors
from chudong.orgs import selectors as org_selectors

from . import selectors, services
from .forms import ServiceAccountForm, TokenForm


@policy.user_view
def my_tokens(request):
    secret = None
    form = TokenForm()
    if request.method == "POST":
        if "revoke" in request.POST:
            token = selectors.access_personal_token(request.user, request.POST["revoke"])
            services.token_revoke(actor=request.user, token=token)
            messages.success(request, _("The token %(name)s is revoked.") % {"name": token.name})
            return redirect("api_tokens:mine")
        form = TokenForm(request.POST)
        if form.is_valid():
            try:
                token, secret = services.token_create_personal(
                    actor=request.user, name=form.cleaned_data["name"]
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                form = TokenForm()
    tokens = selectors.personal_tokens(actor=request.user)
    return render(request, "api/my_tokens.html", {"form": form, "tokens": tokens, "secret": secret})


@policy.scoped_view
def unit_tokens(request, unit_id):
    unit = policy.get_unit(request.user, unit_id)
    if not policy.can(request.user, Cap.ROLES_MANAGE, unit):
        raise PermissionDenied
    roles = access_selectors.appointable_roles(actor=request.user, unit=unit)
    secret = None
    form = ServiceAccountForm(roles=roles)
    if request.method == "POST":
        if "revoke" in request.POST:
            token = selectors.access_service_token(request.user, unit, request.POST["revoke"])
            services.token_revoke(actor=request.user, token=token)
            messages.success(request, _("The token %(name)s is revoked.") % {"name": token.name})
            return redirect("api_tokens:unit", unit.pk)
        form = ServiceAccountForm(request.POST, roles=roles)
        if form.is_valid():
            try:
                token, secret = services.service_account_create(
                    actor=request.user,
                    unit=unit,
                    role=form.cleaned_data["role"],
                    name=form.cleaned_data["name"],
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                form = ServiceAccountForm(roles=roles)
    tokens = selectors.unit_service_tokens(actor=request.user, unit=unit)
    return render(
        request,
        "api/unit_tokens.html",
        {
            "unit": unit,
            "crumbs": org_selectors.breadcrumbs(actor=request.user, unit=unit),
            "form": form,
            "tokens": tokens,
            "secret": secret,
        },
    )
