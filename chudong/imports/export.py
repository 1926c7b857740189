"""The member list as Excel, in the layout units use, with the list page's filters.

The rows are read with one query in Vietnamese name order, streamed from the database in
chunks (a province's 200,000 members never sit in memory at once) into the streaming
writer of xlsx_stream (the layout of chudong.core.xlsx, many times faster per row).
Ethnicity and religion are added only for a user holding members.sensitive over the
unit, and such an export is recorded in the read log; each member's cell holds the value
only where its legal basis allows (privacy.selectors.visible_sensitive_many: consent per
purpose), else a "no consent" marker.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core.paths import subtree_q
from chudong.members.list_filters import list_filters
from chudong.members.models import Member, PartyStatus, Sex
from chudong.members.selectors import MemberFilters, search_q
from chudong.members.selectors.lists import age_band_q, party_q, status_q
from chudong.orgs.models import Unit
from chudong.privacy import selectors as privacy

from .xlsx_stream import stream_workbook_response

CHUNK = 2000
COLUMNS = (
    "full_name",
    "date_of_birth",
    "birth_year_only",
    "sex",
    "hometown",
    "current_residence",
    "phone",
    "admission_date",
    "card_number",
    "education_level",
    "party_status",
    "unit__name",
)
SENSITIVE_COLUMNS = ("sensitive__ethnicity", "sensitive__religion")


def export_queryset(*, actor: Any, unit: Unit, filters: MemberFilters) -> QuerySet[Member]:
    """The members the list page shows for these filters, every page of them, in name
    order. The same conditions as members.selectors.member_list (whose helpers it uses);
    the caller has checked members.view over `unit`, so the subtree lies in scope."""
    qs = Member.objects.filter(subtree_q("unit_path", unit.path)).filter(status_q(filters.status))
    if filters.q:
        qs = qs.filter(search_q(filters.q))
    if filters.sex:
        qs = qs.filter(sex=filters.sex)
    if filters.age_band:
        qs = qs.filter(age_band_q(filters.age_band))
    if filters.party:
        qs = qs.filter(party_q(filters.party))
    if filters.ethnicity and policy.can(actor, Cap.MEMBERS_SENSITIVE, unit):
        # Only members whose ethnicity may be shown: the filter would reveal it otherwise.
        qs = qs.filter(sensitive__ethnicity=filters.ethnicity).filter(
            privacy.sensitive_shown_q("ethnicity")
        )
    for list_filter in list_filters():
        value = filters.extra.get(list_filter.key)
        if value and policy.can(actor, list_filter.capability, unit):
            qs = list_filter.apply(qs, value)
    return qs.order_by("sort_key", "pk")


def member_export(
    *, actor: Any, unit: Unit, filters: MemberFilters, request_path: str = ""
) -> StreamingHttpResponse:
    """The .xlsx response, streamed. Needs members.view over `unit` (checked here again)."""
    policy.require(actor, Cap.MEMBERS_VIEW, unit)
    sensitive = policy.can(actor, Cap.MEMBERS_SENSITIVE, unit)
    if sensitive:
        policy.log_sensitive_read(
            actor=actor,
            subject_type="member_list",
            subject_id=unit.pk,
            subject_label=unit.name + (f": {filters.ethnicity}" if filters.ethnicity else ""),
            unit_path=unit.path,
            fields=["ethnicity", "religion"],
            purpose="export",
            request_path=request_path,
        )
    headers = [
        _("No."), _("Full name"), _("Date of birth"), _("Sex"), _("Hometown"),
        _("Residence"), _("Phone no."), _("Admitted to the Union"), _("Card number"),
        _("Education"), _("Party member"), _("Branch"),
    ]  # fmt: skip
    widths = [6, 28, 12, 8, 30, 30, 13, 13, 14, 10, 14, 28]
    if sensitive:
        headers += [_("Ethnicity"), _("Religion")]
        widths += [12, 14]
    columns = ("id", *COLUMNS, *(SENSITIVE_COLUMNS if sensitive else ()))
    queryset = export_queryset(actor=actor, unit=unit, filters=filters).values_list(*columns)
    today = timezone.localdate()
    subtitle = _("Hồ Chí Minh Communist Youth Union · %(unit)s · as of %(date)s") % {
        "unit": unit.name,
        "date": today.strftime("%d/%m/%Y"),
    }
    if filters.narrows():
        subtitle += " · " + _("filtered list")
    return stream_workbook_response(
        filename=f"danh-sach-doan-vien-{unit.code}-{today:%Y%m%d}.xlsx",
        title=_("MEMBER LIST"),
        subtitle=subtitle,
        headers=headers,
        rows=_rows(queryset),
        widths=widths,
    )


def _chunks(queryset: QuerySet) -> Iterator[list[tuple]]:
    chunk: list[tuple] = []
    for row in queryset.iterator(chunk_size=CHUNK):
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _sensitive_cells(chunk: list[tuple]) -> Iterator[tuple[tuple, list[Any]]]:
    """Each row with its sensitive cells as privacy.selectors.visible_sensitive_many allows
    (two queries per chunk of CHUNK members, none per row): the value, or a marker."""
    fields = [column.split("__")[1] for column in SENSITIVE_COLUMNS]
    width = len(COLUMNS) + 1
    if len(chunk[0]) == width:
        for row in chunk:
            yield row, []
        return
    visibility = privacy.visible_sensitive_many([row[0] for row in chunk])
    hidden = privacy.hidden_marker()
    for row in chunk:
        shown = visibility[row[0]]
        yield (
            row,
            [
                (value or "") if shown.shown(field) else hidden
                for field, value in zip(fields, row[width:], strict=True)
            ],
        )


def _rows(queryset: QuerySet) -> Iterator[list[Any]]:
    sexes = {value: str(label) for value, label in Sex.choices}
    party = {
        PartyStatus.NONE: "",
        PartyStatus.PROBATIONARY: _("Probationary"),
        PartyStatus.FULL: _("Full"),
    }
    rows = (pair for chunk in _chunks(queryset) for pair in _sensitive_cells(chunk))
    for number, (row, sensitive) in enumerate(rows, start=1):
        (_pk, name, born, year_only, sex, hometown, residence, phone, admitted, card,
         education, party_status, branch) = row[: len(COLUMNS) + 1]  # fmt: skip
        yield [
            number,
            name,
            born.year if year_only else born,
            sexes.get(sex, sex),
            hometown,
            residence,
            phone,
            admitted,
            card or "",
            education,
            party.get(party_status, ""),
            branch,
            *sensitive,
        ]
