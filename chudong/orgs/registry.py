"""How records kept by other apps follow a restructuring of the tree.

`orgs` sits below the domain and must not import it. An app that keeps records per unit
(members in branches, meetings, plans...) registers a `UnitContent` in its AppConfig.ready();
the restructuring services call every registered content inside their transaction, so a
merge or split moves the records with the unit and a subtree move rewrites their copies of
the unit path. A content that refuses (raises ValidationError) rolls the whole change back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from .models import Restructuring, Unit


@dataclass(frozen=True)
class ContentItem:
    id: int
    label: str


class UnitContent(Protocol):
    key: str

    def label(self) -> str:
        """Plural noun shown in previews, e.g. 'members'."""

    def count(self, unit: Unit) -> int:
        """How many records belong directly to this unit (not its sub-units)."""

    def items(self, unit: Unit) -> list[ContentItem]:
        """The records a split lets the user distribute among the new units."""

    def move_all(self, *, source: Unit, target: Unit, restructuring: Restructuring) -> int:
        """Re-point every record of `source` to `target` (merge). Returns the count."""

    def move_items(
        self, *, ids: list[int], source: Unit, target: Unit, restructuring: Restructuring
    ) -> int:
        """Re-point the chosen records of `source` to `target` (split)."""

    def repath(self, *, old_prefix: str, new_prefix: str) -> int:
        """A subtree moved: rewrite stored copies of unit paths that start with old_prefix."""

    # Optional: `after_split(*, source, targets, restructuring) -> int`, called once every
    # content has distributed its chosen items, for records that follow others (a member's
    # dues follow the member to whichever new unit the member went to).


_contents: dict[str, UnitContent] = {}


def register(content: UnitContent) -> None:
    _contents[content.key] = content


def contents() -> list[UnitContent]:
    return list(_contents.values())


@dataclass(frozen=True)
class Figure:
    """A key figure shown on a unit page (e.g. members in the subtree), from another app."""

    key: str
    label: str
    compute: object  # Callable[[Unit], int | None]; typed loosely to keep this module light
    order: int = 100
    # Optional Callable[[list[Unit]], dict[unit_id, int]]: the same figure for many units
    # in one query, used by reports that list hundreds of units.
    compute_many: object | None = None


_figures: dict[str, Figure] = {}


def register_figure(figure: Figure) -> None:
    _figures[figure.key] = figure


def figures() -> list[Figure]:
    return sorted(_figures.values(), key=lambda f: f.order)


@dataclass(frozen=True)
class Warning:
    """An early warning other apps raise about a unit's subtree (members past 30 not
    matured, transfers stuck, branches that missed a meeting...).

    `count_many(units, day)` returns {unit_id: how many cases in that unit's subtree}
    for several units at once (the warnings page lists every sub-unit); it must read
    indexed or maintained data, never scan millions of rows. `url_name` names a page,
    taking the unit id, that lists the cases. `capability` (a Cap) is needed to see it.
    """

    key: str
    label: object
    count_many: object  # Callable[[list[Unit], date], dict[int, int]]
    capability: object
    url_name: str | None = None
    order: int = 100


_warnings: dict[str, Warning] = {}


def register_warning(warning: Warning) -> None:
    _warnings[warning.key] = warning


def warnings() -> list[Warning]:
    return sorted(_warnings.values(), key=lambda w: w.order)


@dataclass(frozen=True)
class UnitLink:
    """A page about a unit that another app offers (its URL takes the unit id alone).

    The unit page lists the links under their section (the main navigation's sections:
    "pillar1", "pillar2", "pillar3", "recognition", "reports") for a user who holds
    `capability` (a Cap) at the unit. `description` is one short line under the label.
    """

    key: str
    label: object
    url_name: str
    capability: object
    section: str = "pillar1"
    order: int = 100
    description: object = ""


_links: dict[str, UnitLink] = {}


def register_unit_link(link: UnitLink) -> None:
    _links[link.key] = link


def unit_links() -> list[UnitLink]:
    return sorted(_links.values(), key=lambda link: link.order)
