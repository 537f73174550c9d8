"""The templates' stable ids and Chinese labels (defined once, in the C++ core)."""

from __future__ import annotations

from typing import NamedTuple

from . import _core


class Label(NamedTuple):
    """An id and its Chinese label."""

    id: str
    zh: str


class Table2Field(NamedTuple):
    """One value of table 2: its row and value ids and labels."""

    row: str
    value: str
    row_zh: str
    value_zh: str
    amount: bool


TEMPLATES = ("2021", "2019")
CELL_STATES: tuple[str, ...] = tuple(_core.cell_states())
"""Names of cell states, indexed by the values of a report's ``*_state`` arrays."""

TABLE3_COLUMNS: tuple[Label, ...] = tuple(Label(*c) for c in _core.table3_columns())
TABLE4_BLOCKS: tuple[Label, ...] = tuple(Label(*b) for b in _core.table4_blocks())
TABLE4_VALUES: tuple[Label, ...] = tuple(Label(*v) for v in _core.table4_values())
SECTIONS: tuple[Label, ...] = tuple(Label(*s) for s in _core.sections())


def table2_fields(template: str) -> tuple[Table2Field, ...]:
    """The fields of table 2 in template ``"2021"`` or ``"2019"``, in template order."""
    return tuple(Table2Field(*f) for f in _core.table2_fields(template))


def table3_rows(layout: str = "full") -> tuple[Label, ...]:
    """Table 3's rows: ``"full"`` (the 25 rows of template 2021) or ``"single_other"`` (23 rows,
    one ``other`` row for （六）其他处理, as in template 2019)."""
    return tuple(Label(*r) for r in _core.table3_rows(layout))


_GROUPS = {
    "denied_": "（三）不予公开",
    "unavailable_": "（四）无法提供",
    "rejected_": "（五）不予处理",
    "other_": "（六）其他处理",
}
_RESULTS = "三、本年度办理结果"


def _row_label(row: str, zh: str) -> str:
    """A row's label that stands alone: a sub-item carries its group
    (``（三）不予公开 / 2.其他法律行政法规禁止公开``), the block heading of the results is dropped."""
    zh = zh.replace(_RESULTS, "").strip()
    for prefix, group in _GROUPS.items():
        if row.startswith(prefix):
            return f"{group} / {zh.replace(group, '').strip()}"
    return zh


TABLE3_ROW_LABELS: dict[str, str] = {
    r.id: _row_label(r.id, r.zh) for layout in ("full", "single_other") for r in table3_rows(layout)
}
"""Chinese label of every table 3 row id, a sub-item with its group."""
