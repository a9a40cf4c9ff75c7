"""What a service operation changed, so each screen refreshes only what it shows.

The mutating services return a ``Changes`` (or a result whose ``changes`` says it); the GUI's
task runner broadcasts it once the operation has succeeded (Anki's ``OpChanges`` idea).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Changes:
    """Flags of what changed; ``case_ids`` names the cases when they are known."""

    cases: bool = False
    """Cases were created, edited, deleted or restored (see case_ids; empty: many/unknown)."""
    case_ids: frozenset[int] = frozenset()
    settings: bool = False
    """The registry's settings and definitions: every figure and list may read differently."""
    benchmarks: bool = False
    """The benchmark library (a user benchmark was added or edited)."""
    signoffs: bool = False
    """A month was signed off: its cases are locked."""

    @classmethod
    def of_cases(cls, ids: Iterable[int] = ()) -> Changes:
        """Cases changed: these ids, or (none given) many or unknown ones."""
        return cls(cases=True, case_ids=frozenset(ids))

    def __bool__(self) -> bool:
        return self.cases or self.settings or self.benchmarks or self.signoffs

    def __or__(self, other: Changes) -> Changes:
        """Both changes together (unknown cases on either side stay unknown)."""
        known = (not self.cases or self.case_ids) and (not other.cases or other.case_ids)
        return Changes(cases=self.cases or other.cases,
                       case_ids=self.case_ids | other.case_ids if known else frozenset(),
                       settings=self.settings or other.settings,
                       benchmarks=self.benchmarks or other.benchmarks,
                       signoffs=self.signoffs or other.signoffs)

    @property
    def touches_cases(self) -> bool:
        """Whether what a case list or a figure shows may now read differently."""
        return self.cases or self.settings


NOTHING = Changes()
EVERYTHING = Changes(cases=True, settings=True, benchmarks=True, signoffs=True)
"""E.g. a restored registry: every screen reloads."""


def changes_of(result: Any) -> Changes:
    """The changes an operation's result reports: a Changes, a result with ``changes``, or a
    tuple of such results (together); anything else changed nothing."""
    from ..domain.benchmarks import Benchmark  # a saved user benchmark
    if isinstance(result, Changes):
        return result
    if isinstance(result, tuple):
        found = NOTHING
        for part in result:
            found = found | changes_of(part)
        return found
    if isinstance(result, Benchmark):
        return Changes(benchmarks=True)
    reported = getattr(result, "changes", None)
    return reported if isinstance(reported, Changes) else NOTHING
