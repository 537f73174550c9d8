"""Names a user gives (indicator ids, cells, columns of ``meta``, formats) checked against the
valid ones: a wrong name is a clear error that lists the choices and, where one is close, says
"did you mean ...".

>>> check_choice("indicator", "grant_rat", ["grant_rate", "denial_rate"])
Traceback (most recent call last):
...
gongkai.choices.UnknownNameError: unknown indicator 'grant_rat'; did you mean 'grant_rate'? (choices: grant_rate, denial_rate)
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

__all__ = ["UnknownNameError", "check_choice", "check_choices"]


class UnknownNameError(KeyError, ValueError):
    """A name that is not one of the valid choices. A KeyError (as for a missing key of a
    mapping) and a ValueError (as for a bad argument), so either ``except`` catches it."""

    def __init__(self, kind: str, given: object, choices: Sequence[str]) -> None:
        self.kind = kind
        self.given = given
        self.choices = list(choices)
        close = difflib.get_close_matches(str(given), [str(c) for c in self.choices], n=3, cutoff=0.6)
        text = f"unknown {kind} {given!r}"
        if close:
            text += "; did you mean " + " or ".join(repr(c) for c in close) + "?"
        shown = ", ".join(str(c) for c in self.choices[:40])
        if len(self.choices) > 40:
            shown += f", ... ({len(self.choices)} in all)"
        text += f" (choices: {shown})" if self.choices else " (there are no choices)"
        self.message = text
        super().__init__(text)

    def __str__(self) -> str:  # KeyError would print the message quoted
        return self.message


def check_choice(kind: str, given: str, choices: Iterable[str]) -> str:
    """``given`` when it is one of ``choices``; else UnknownNameError naming ``kind``."""
    valid = list(choices)
    if given not in valid:
        raise UnknownNameError(kind, given, valid)
    return given


def check_choices(kind: str, given: Iterable[str], choices: Iterable[str]) -> list[str]:
    """Every name of ``given`` checked as by :func:`check_choice`; the first unknown one raises."""
    valid = list(choices)
    return [check_choice(kind, g, valid) for g in given]
