"""Derive a table's nested groups from its rows: the structure of a list of rows.

A list table (an award list, a name list, a list of projects) prints its rows in groups
under headers that state a count or a sum ("一、禹州市，共 22 家企业，奖励资金共 530 万元");
the rules check each stated figure against the rows of its group, so which rows and
which groups each header covers is inferred here, from what the page prints and then
from the arithmetic:

- **ordinals**: a header's level is its ordinal's ("一、" above "（一）" above "1、" above
  "（1）", :func:`proofreader.claims.ordinal_level`); its group runs to the next header
  of its level or above;
- **the words of the figures**: a header without an ordinal that states the same kinds
  of figure (a count, a sum in a unit) as headers with one takes their level ("（106万元）"
  beside the sections "二、…（594万元）": like figures, like level); other headers
  without an ordinal sit below every ordinal;
- **a repeated category column**: a merged category cell, its label printed on the first
  row of its rows (and again after a page break), the column's other cells empty
  (:func:`proofreader.tables.roles.detect_category_column`), opens a category group at
  each new label, below every header; a label repeated after a page break opens none;
- **the arithmetic**: a header that states figures, has no rows of its own, and is
  followed by sibling headers whose figures add up exactly to its own is their parent
  (:func:`adopt_by_arithmetic`): the district headers of a list printed without
  ordinals, a section whose ordinal the OCR lost.

The arithmetic only ever chooses between readings of what the page prints, and a
reading is taken only where it makes more stated figures hold: only an exact sum
adopts, so a header with a wrong figure keeps the flat reading, where it is still
checked against its own rows and the wrong amount is still reported. (Indentation is
not read as nesting: the parser uses it only to join a cell wrapped onto the next line,
in :mod:`proofreader.regions`.) Ledgers, whose figures nest by subject codes and total
rows and columns, are read by :mod:`proofreader.structure`.

The table itself is the root and carries the figures stated above it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .claims import StatedFigure, label_name, stated_figures
from .model import DATA, GROUP, Table
from .normalize import label_key
from .tables import CATEGORY_LEVEL
from .tables.cells import PLAIN_GROUP_LEVEL


@dataclass
class Group:
    """A group of rows and the figures its header states."""

    label: str
    level: int
    line: int  # where the header (and its stated figures) is printed
    last_line: int
    figures: list[StatedFigure]
    parent: "Group | None" = None
    children: list["Group"] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)  # indexes of direct data rows
    header_row: int | None = None  # index of the header row in table.rows
    #: The parser could not be sure which rows are this group's (a merged label
    #: printed between two groups' rows): mismatches are warnings, not errors.
    uncertain: bool = False

    def all_rows(self) -> list[int]:
        out = list(self.rows)
        for c in self.children:
            out.extend(c.all_rows())
        out.sort()
        return out

    def unverifiable(self) -> bool:
        """A group whose header states figures but under which no row was recognised
        (the parser could not read its rows), or whose subgroups are so."""
        return any(g.figures and not g.all_rows() for g in self.walk())

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()

    @property
    def name(self) -> str:
        return label_name(self.label) if self.level else self.label


def build_groups(table: Table) -> Group:
    """The root group of ``table`` with its subtree."""
    root = Group(label=table.title, level=0, line=table.first_line, last_line=table.last_line, figures=[])
    for line, text in table.preamble:
        root.figures.extend(stated_figures(text))
        if line != table.first_line:
            root.line = line
    if table.preamble:
        root.line = table.preamble[-1][0]
    stack: list[Group] = [root]
    cat_col = table.roles.get("category")
    levels_by_kind: dict[tuple, int] = {}
    for idx, row in enumerate(table.rows):
        if row.kind == GROUP:
            label = row.cells[0]
            level = row.level or CATEGORY_LEVEL
            figures = stated_figures(label)
            if level == PLAIN_GROUP_LEVEL and figures:
                # A header without an ordinal takes the level of the first header with
                # an ordinal that states the same kinds of figure (a section "（106万元）" beside the
                # sections "二、…（594万元）"): like figures, like level.
                level = levels_by_kind.get(_signature(figures), level)
            elif figures and level < PLAIN_GROUP_LEVEL:
                levels_by_kind.setdefault(_signature(figures), level)
            if "category" in row.flags:
                top = stack[-1]
                if top.level == CATEGORY_LEVEL and label_key(top.label) == label_key(label):
                    continue  # the same label repeated after a page break
            while len(stack) > 1 and stack[-1].level >= level:
                stack.pop()
            g = Group(label=label, level=level, line=row.first_line, last_line=row.last_line,
                      figures=stated_figures(label), parent=stack[-1], header_row=idx,
                      uncertain="uncertain" in row.flags)
            stack[-1].children.append(g)
            stack.append(g)
            continue
        if row.kind != DATA:
            continue
        if cat_col is not None and cat_col < len(row.cells) and row.cells[cat_col]:
            label = row.cells[cat_col]
            top = stack[-1]
            if not (top.level == CATEGORY_LEVEL and label_key(top.label) == label_key(label)):
                while len(stack) > 1 and stack[-1].level >= CATEGORY_LEVEL:
                    stack.pop()
                g = Group(label=label, level=CATEGORY_LEVEL, line=row.first_line, last_line=row.first_line,
                          figures=stated_figures(label), parent=stack[-1], header_row=idx)
                stack[-1].children.append(g)
                stack.append(g)
        stack[-1].rows.append(idx)
    adopt_by_arithmetic(root)
    return root


def _signature(figures: list[StatedFigure]) -> tuple:
    return tuple(sorted({(f.kind, f.unit if f.kind == "sum" else "") for f in figures}))


def _figure(g: Group, kind: str):
    for f in g.figures:
        if f.kind == kind:
            return f
    return None


def adopt_by_arithmetic(parent: Group) -> None:
    """Nest headers the page prints at one level when their figures say they nest.

    A header that states a count or a sum, has no rows of its own, and is followed by
    sibling headers whose figures add up exactly to its own ("某某县 共 25 家企业" then
    headers of 1 + 2 + 5 + 12 + 2 + 1 + 2 家) is their parent: the district headers of a
    list printed without ordinals, or a section whose ordinal the OCR lost. Only an
    exact sum adopts, so a wrong figure leaves the flat reading, where each header is
    still checked against its own rows.
    """
    kids = parent.children
    i = 0
    while i < len(kids):
        g = kids[i]
        if g.figures and not g.rows and not g.children:
            running = {"count": 0, "sum": 0}
            wanted = {k: _figure(g, k) for k in ("count", "sum")}
            adopted = 0
            for j in range(i + 1, len(kids)):
                h = kids[j]
                if not h.figures:
                    break
                for k, f in wanted.items():
                    hf = _figure(h, k)
                    if f is not None and hf is not None and hf.unit == f.unit:
                        running[k] += hf.value
                over = [k for k, f in wanted.items() if f is not None and running[k] > f.value]
                hit = [k for k, f in wanted.items() if f is not None and running[k] == f.value]
                if hit and j > i:
                    adopted = j
                    break
                if over and len(over) == sum(1 for f in wanted.values() if f is not None):
                    break
            if adopted:
                moved = kids[i + 1: adopted + 1]
                del kids[i + 1: adopted + 1]
                for h in moved:
                    h.parent = g
                g.children.extend(moved)
                g.last_line = max(g.last_line, moved[-1].last_line)
        adopt_by_arithmetic(g)
        i += 1
