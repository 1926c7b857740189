from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.core.views import apply_service_errors

from . import selectors, services
from .forms import RuleVersionForm


@policy.user_view
def rule_list(request):
    """Every rule with the value in force and its versions; issuers add a new version."""
    may_issue = selectors.may_issue(request.user)
    form = RuleVersionForm(request.POST or None) if may_issue else None
    if request.method == "POST":
        if not may_issue:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.rule_version_add(
                    actor=request.user, key=data["key"], raw_value=data["value"],
                    valid_from=data["valid_from"], document=data["document"],
                    note=data["note"],
                )  # fmt: skip
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("The new version has been recorded."))
                return redirect("rules:list")
    return render(
        request,
        "rules/rule_list.html",
        {"rows": selectors.rules_overview(actor=request.user), "form": form},
    )
