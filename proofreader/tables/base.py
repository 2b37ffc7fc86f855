"""What a table layout is: how its tables are found in an issue's lines and how one
becomes a :class:`~proofreader.model.Table`.

Every layout is registered in :data:`proofreader.tables.LAYOUTS`, in the order its
regions are looked for; :func:`proofreader.regions.find_regions` and
:func:`proofreader.tables.build_table` only iterate that list. Adding a layout is one
module (its finder and its reading) and one line in the list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..layout import Line
from ..model import Table
from ..regions import Region

#: ``find(lines, taken)``: the layout's regions among the lines not yet ``taken`` (by
#: the layouts before it in the list). A finder may take lines itself; whatever it
#: returns is taken once it returns, and may be of another layout (a ledger found
#: inside a tab-separated region).
Find = Callable[[list[Line], list[bool]], list[Region]]
#: ``build(lines, region, table_id, title)``: the table of ``region``. ``title`` is the
#: title printed above a list of rows (see :attr:`Layout.rows`), else "".
Build = Callable[[list[Line], Region, str, str], Table]
#: ``fits(lines, region)``: whether this layout reads a region of its ``region_layout``
#: (when two layouts share one kind of region).
Fits = Callable[[list[Line], Region], bool]


@dataclass(frozen=True)
class Layout:
    """One way gazettes print tables."""

    name: str
    #: The ``Region.layout`` of the regions it reads.
    region_layout: str
    build: Build
    #: None when another layout's finder finds its regions.
    find: Find | None = None
    #: None: it reads every region of its ``region_layout`` that the layouts before it
    #: in the list leave.
    fits: Fits | None = None
    #: A list of rows under a title (not a ledger read as a whole): the steps these share
    #: follow its reading (title from the lines above, stated totals above the first
    #: group moved to the preamble, column roles, merged category column).
    rows: bool = True
    #: Its cells are read where the page puts them (tab cells, aligned columns), so a row
    #: shifted one column left can be told and realigned.
    realign_shifted: bool = False
