"""The rows a check found good, kept beside the uploaded file until the user confirms, so
that the import does not read and validate the whole sheet a second time.

Plain JSON (no pickle): each row's Member field values, its sensitive values and notes,
and the problems of the check. The confirmation still looks for duplicates again (the
register may have changed meanwhile) and checks that every branch still takes members;
without a cache file (an older job, a deleted file) it re-reads the sheet instead.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.files.base import ContentFile

from chudong.members.models import Member
from chudong.orgs.models import Unit, UnitStatus

from ..models import ImportJob
from .results import Analysis, Candidate, Problem

VERSION = 1
_FIELDS = [
    f
    for f in Member._meta.concrete_fields
    if f.name not in {"id", "photo", "user", "merged_into", "created_at", "updated_at", "unit"}
]


def path_for(job: ImportJob) -> str:
    return f"{job.file.name}.checked.json"


def _encode(value: Any) -> Any:
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and "date" in value:
        return dt.date.fromisoformat(value["date"])
    return value


def _problem(p: Problem) -> list:
    return [p.row, p.column, p.message, p.kind, p.full_name]


def save(job: ImportJob, result: Analysis) -> None:
    """Write the result of reading the rows (before the duplicate check, which is done
    again at the confirmation) beside the job's file, replacing an older one."""
    if not job.file:
        return
    data = {
        "version": VERSION,
        "mapping": job.mapping,
        "sheet": job.layout.get("sheet"),
        "rows_read": result.rows_read,
        "rejected": result.rejected,
        "problems": [_problem(p) for p in result.problems],
        "candidates": [
            {
                "row": c.row,
                "unit": c.member.unit_id,
                "values": {f.attname: _encode(getattr(c.member, f.attname)) for f in _FIELDS},
                "sensitive": c.sensitive,
                "notes": [_problem(n) for n in c.notes],
            }
            for c in result.candidates
        ],
    }
    storage = job.file.storage
    name = path_for(job)
    if storage.exists(name):
        storage.delete(name)
    storage.save(name, ContentFile(json.dumps(data, ensure_ascii=False).encode()))


def load(job: ImportJob) -> Analysis | None:
    """The saved result, or None when there is none or it does not fit the job any more
    (another mapping, a branch no longer active)."""
    if not job.file:
        return None
    storage = job.file.storage
    name = path_for(job)
    if not storage.exists(name):
        return None
    with storage.open(name, "rb") as handle:
        data = json.loads(handle.read().decode())
    if (data.get("version"), data.get("mapping"), data.get("sheet")) != (
        VERSION,
        job.mapping,
        job.layout.get("sheet"),
    ):
        return None
    unit_ids = {c["unit"] for c in data["candidates"]}
    units = {
        u.pk: u
        for u in Unit.objects.filter(pk__in=unit_ids, status=UnitStatus.ACTIVE).filter(
            kind__is_branch=True
        )
    }
    if set(units) != unit_ids:
        return None
    result = Analysis(rows_read=data["rows_read"], rejected=data["rejected"])
    result.problems = [Problem(*p) for p in data["problems"]]
    for item in data["candidates"]:
        member = Member(**{k: _decode(v) for k, v in item["values"].items()})
        member.unit = units[item["unit"]]
        member.unit_path = member.unit.path
        result.candidates.append(
            Candidate(
                row=item["row"],
                member=member,
                sensitive=item["sensitive"],
                notes=[Problem(*n) for n in item["notes"]],
            )
        )
    return result


def delete(job: ImportJob) -> None:
    if job.file:
        job.file.storage.delete(path_for(job))
