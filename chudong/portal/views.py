"""Pages of the member portal. Each view fetches its objects through an access helper
(members' require_own_member or access_member, policy.get_unit, selectors'
access_correction), calls one selector or service, and renders."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core.views import apply_service_errors
from chudong.members import selectors as member_selectors
from chudong.members.models.member import CURRENT_STATUSES
from chudong.orgs import selectors as org_selectors

from . import selectors, services
from .forms import ActivateForm, CorrectionForm, InviteForm, RejectForm
from .models import CorrectionStatus

STATIC_JS = Path(__file__).resolve().parent / "static" / "js"


def _qr_svg(text: str) -> str:
    """The QR code as inline SVG markup (no style attributes: strict CSP); sized by CSS."""
    image = qrcode.make(
        text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
    )  # fmt: skip
    svg = image.to_string(encoding="unicode")
    svg = re.sub(r'^<svg width="[^"]*" height="[^"]*"', '<svg class="portal-qr-svg"', svg)
    return svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)


# --- the membership card -------------------------------------------------------------


@policy.user_view
def card(request):
    """The member's digital card: name, photo, unit, card number, status and a QR code
    that encodes a signed, expiring verification URL."""
    member = member_selectors.require_own_member(request.user)
    url = request.build_absolute_uri(
        reverse("portal:verify") + "?t=" + selectors.card_token(member)
    )
    # The SVG is made by qrcode from our own URL: nothing a user typed.
    qr = mark_safe(_qr_svg(url))  # noqa: S308
    response = render(
        request, "portal/card.html",
        {"own": member, "qr": qr, "verify_url": url, "max_days": selectors.CARD_MAX_AGE.days,
         "is_current": member.status in CURRENT_STATUSES},
    )  # fmt: skip
    response["Cache-Control"] = "private, no-store"
    return response


@policy.user_view
def own_photo(request):
    member = member_selectors.require_own_member(request.user)
    if not member.photo:
        raise Http404
    try:
        response = FileResponse(member.photo.open("rb"), content_type="image/jpeg")
    except FileNotFoundError:
        raise Http404 from None
    response["Cache-Control"] = "private, max-age=300"
    return response


@policy.public_view
def verify(request):
    """What a scanned card proves. An officer with members.view over the member's unit
    sees who it is; anyone else only "valid" or "not valid"."""
    check = selectors.card_check(request.user, request.GET.get("t", ""))
    response = render(request, "portal/verify.html", {"check": check})
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


# --- the record and corrections ------------------------------------------------------


@policy.user_view
def record(request):
    member = member_selectors.require_own_member(request.user)
    return render(
        request, "portal/record.html",
        {"own": member, "rows": selectors.own_record(member),
         "requests": selectors.own_corrections(member)},
    )  # fmt: skip


@policy.user_view
def correct(request):
    member = member_selectors.require_own_member(request.user)
    if request.method == "POST":
        form = CorrectionForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.correction_request(
                    actor=request.user, field=data["field"], new_value=data["new_value"],
                    reason=data["reason"], file=data["file"] or None,
                )  # fmt: skip
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Your request was sent to your branch. You will see the answer here."),
                )
                return redirect("portal:record")
    else:
        initial = {}
        field = request.GET.get("field", "")
        if field in services.CORRECTABLE_FIELDS:
            initial["field"] = field
        form = CorrectionForm(initial=initial)
    rows = selectors.own_record(member)
    chosen = form["field"].value()
    current = next((row for row in rows if row.name == chosen), None)
    return render(
        request, "portal/correct.html",
        {"own": member, "form": form, "rows": rows, "current": current},
    )  # fmt: skip


@policy.user_view
def data(request):
    """The download of everything chudong holds about the member (JSON)."""
    member = member_selectors.require_own_member(request.user)
    body = selectors.own_data_json(
        selectors.own_data(request.user, member, request_path=request.path)
    )
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="chudong-du-lieu-cua-toi.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@policy.user_view
def data_pdf(request):
    """The same data as a PDF, for reading."""
    from .pdf import own_data_pdf

    member = member_selectors.require_own_member(request.user)
    data = selectors.own_data(request.user, member, request_path=request.path)
    response = HttpResponse(own_data_pdf(member, data), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="chudong-du-lieu-cua-toi.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- the branch's review -------------------------------------------------------------


@policy.scoped_view
def unit_corrections(request, unit_id):
    unit = policy.get_unit(request.user, unit_id)
    pending = selectors.pending_corrections(actor=request.user, unit=unit)
    return render(
        request, "portal/unit_corrections.html",
        {"unit": unit, "crumbs": org_selectors.breadcrumbs(actor=request.user, unit=unit),
         "pending": pending, "decided": selectors.recent_decisions(actor=request.user, unit=unit)},
    )  # fmt: skip


@policy.scoped_view
def correction_detail(request, correction_id):
    row = selectors.access_correction(request.user, correction_id)
    reject_form = RejectForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "approve":
                services.correction_approve(actor=request.user, correction=row)
                messages.success(request, _("The correction was applied to the record."))
                return redirect("portal:unit_corrections", unit_id=row.member.unit_id)
            if action == "reject":
                reject_form = RejectForm(request.POST)
                if reject_form.is_valid():
                    services.correction_reject(
                        actor=request.user, correction=row, note=reject_form.cleaned_data["note"]
                    )
                    messages.success(
                        request, _("The member will see that the request was not accepted.")
                    )
                    return redirect("portal:unit_corrections", unit_id=row.member.unit_id)
            elif action != "approve":
                return HttpResponseNotAllowed(["GET"])
        except ValidationError as error:
            if action == "reject":
                apply_service_errors(reject_form, error)
            else:
                messages.error(request, " ".join(error.messages))
        row = selectors.access_correction(request.user, correction_id)
    return render(
        request, "portal/correction.html",
        {"row": row, "unit": row.member.unit,
         "crumbs": org_selectors.breadcrumbs(actor=request.user, unit=row.member.unit),
         "current": services.display_value(getattr(row.member, row.field)),
         "field_label": services.field_label(row.field), "reject_form": reject_form,
         "pending": row.status == CorrectionStatus.PENDING},
    )  # fmt: skip


@policy.scoped_view
def correction_file(request, correction_id):
    """The supporting file: for its reviewers, and for the member who sent it."""
    own = member_selectors.own_member(request.user)
    if own is not None and own.correction_requests.filter(pk=correction_id).exists():
        row = selectors.own_correction(request.user, correction_id)
    else:
        row = selectors.access_correction(request.user, correction_id)
    if not row.file:
        raise Http404
    try:
        handle = row.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=row.file_name, content_type=row.file_type
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- invitations and activation ------------------------------------------------------


@policy.scoped_view
def invite(request, member_id):
    """On a member's page: create a one-time activation code (shown once) or e-mail it."""
    member = member_selectors.access_member(request.user, member_id, cap=Cap.MEMBERS_MANAGE)
    form = InviteForm(request.POST or None, initial={"email": member.email})
    code = None
    if request.method == "POST" and form.is_valid():
        try:
            invitation, code = services.invitation_create(
                actor=request.user, member=member, email=form.cleaned_data["email"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
            code = None
        else:
            if invitation.email:
                messages.success(
                    request, _("The code was sent to %(email)s.") % {"email": invitation.email}
                )
    response = render(
        request, "portal/invite.html",
        {"member": member, "unit": member.unit,
         "crumbs": org_selectors.breadcrumbs(actor=request.user, unit=member.unit),
         "form": form, "code": code, "invitations": selectors.member_invitations(member),
         "days": services.INVITATION_DAYS,
         "activate_url": request.build_absolute_uri(reverse("portal:activate"))},
    )  # fmt: skip
    response["Cache-Control"] = "private, no-store"
    return response


@policy.public_view
def activate(request):
    """A member opens their account with the code from their branch (no open sign-up)."""
    form = ActivateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.activate(
                code=data["code"], identity=data["identity"], username=data["username"],
                password=data["password"],
            )  # fmt: skip
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Your account is ready. Log in with the username and password you chose."),
            )
            return redirect(f"{reverse('accounts:login')}?next={reverse('members:me')}")
    return render(request, "portal/activate.html", {"form": form})


# --- installable web app -------------------------------------------------------------


@policy.public_view
def manifest(request):
    body = {
        "name": "chudong · " + _("My pages"),
        "short_name": "chudong",
        "description": _("Your Youth Union membership card, record and activities"),
        "lang": getattr(request, "LANGUAGE_CODE", "vi"),
        "start_url": reverse("members:me"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#c8102e",
        "icons": [
            {"src": static("img/favicon.svg"), "sizes": "any", "type": "image/svg+xml",
             "purpose": "any"},
        ],
    }  # fmt: skip
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), content_type="application/manifest+json"
    )
    response["Cache-Control"] = "public, max-age=3600"
    return response


SHELL_STATIC = ("css/app.css", "img/favicon.svg", "js/portal.js")
OFFLINE_TEMPLATE = Path(__file__).resolve().parent / "templates" / "portal" / "offline.html"


def _static_file(path: str) -> str | None:
    return finders.find(path)


def shell_version() -> str:
    """A digest of the shell's static files and offline page: the worker's cache is named
    after it, so that a changed style sheet or script replaces the cached one at the next
    visit (in embedded mode their URLs carry no hash, and the worker serves them from its
    cache first)."""
    digest = hashlib.sha256(OFFLINE_TEMPLATE.read_bytes())
    for path in SHELL_STATIC:
        found = _static_file(path)
        digest.update(path.encode() + b"\0")
        if found:
            digest.update(Path(found).read_bytes())
    return digest.hexdigest()[:16]


@policy.public_view
def service_worker(request):
    """The service worker, served from the root so that its scope is the whole site."""
    body = (STATIC_JS / "portal-sw.js").read_text(encoding="utf-8")
    shell = [static(path) for path in SHELL_STATIC] + [reverse("portal:offline")]
    body = (
        body.replace("__OFFLINE_URL__", reverse("portal:offline"))
        .replace("__SHELL__", json.dumps(shell))
        .replace("__VERSION__", shell_version())
    )
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@policy.public_view
def offline(request):
    return render(request, "portal/offline.html")
