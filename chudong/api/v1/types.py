"""Shared parameter types. Ids are bounded (a larger number is no id of ours, and the
databases refuse it before answering "not found"); text never carries NUL (PostgreSQL
refuses to store it)."""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Field, Path, Schema

MAX_ID = 2**53

ObjectId = Annotated[int, Path(ge=1, le=MAX_ID)]

NO_NUL = r"^[^\x00]*$"


def text(default: Any = ..., **constraints: Any) -> Any:
    """A text field: the pydantic Field with NUL refused."""
    return Field(default, pattern=NO_NUL, **constraints)


class ErrorOut(Schema):
    """Every error: a code for programs, a message for people (in the request's
    language), details (the fields at fault for 422)."""

    code: str
    message: str
    details: Any = None


ERRORS = {status: ErrorOut for status in (400, 401, 403, 404, 422, 429)}


def answers(schema: Any, status: int = 200) -> dict[int, Any]:
    """The documented responses of an operation: its success and the error bodies."""
    return {status: schema, **ERRORS}
