"""The report fingerprint: every case a report shows, its as-of date, definitions and benchmarks;
stored in the PDF so `verify` can recompute it and name the cases changed since."""
from __future__ import annotations

import base64
import hashlib
import json
import re
import zlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from pathlib import Path

from ...domain.errors import RegistryError
from ..cases.loading import load_month_cases
from ..registry import Registry
from .kept_digests import kept_window_digests
from .signoff import case_digests
from ..statistics import definitions

MARK = "registry-app-verify:1:"
"""Start of the verify payload in the PDF's Keywords (base64 of zlib-compressed JSON)."""
PAYLOAD = re.compile(rb"/Keywords\s*\((registry-app-verify:1:[A-Za-z0-9+/=]+)\)")


class NotAReport(RegistryError):
    """The file is not a report PDF that `verify` can check."""


def definitions_digest(defs: dict) -> str:
    return hashlib.sha256(json.dumps(defs, sort_keys=True).encode("utf-8")).hexdigest()


def combine(digests: dict[str, str], as_of: str, defs_digest: str,
            benchmarks: list[str]) -> str:
    """SHA-256 of the case digests (by case key), the as-of date, the definitions' digest and
    the benchmark ids: the one fingerprint printed on every page."""
    text = json.dumps({"cases": sorted(digests.items()), "as_of": as_of,
                       "definitions": defs_digest, "benchmarks": list(benchmarks)},
                      sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def window_cases(registry: Registry, first: date, last: date) -> list:
    """Every (non-deleted) case of every territory operated from `first` to `last`."""
    return load_month_cases(registry, first, last, None, with_identity=False)


def report_inputs(registry: Registry, month: str, first: date, last: date, as_of: date,
                  benchmarks: list[str], cases: list | None = None) -> dict:
    """What the fingerprint is made of (JSON-ready), with the fingerprint itself; `cases`:
    window_cases(registry, first, last) when the caller has loaded them already (otherwise
    their digests are read from the stored columns, or kept from an earlier report for the
    cases unchanged since: the same digests, faster)."""
    digests = (kept_window_digests(registry, first, last) if cases is None
               else case_digests(cases))
    defs = definitions_digest(definitions(registry.settings()))
    inputs: dict[str, Any] = {"month": month, "from": first.isoformat(), "to": last.isoformat(),
              "as_of": as_of.isoformat(), "benchmarks": list(benchmarks),
              "definitions": defs, "cases": digests}
    inputs["fingerprint"] = combine(digests, inputs["as_of"], defs, inputs["benchmarks"])
    return inputs


PAYLOAD_LEVEL = 1
"""zlib level of the verify payload: its 54,000 hex digests (at 100,000 cases) hardly compress
further at 9 (0.72 MB instead of 0.78 MB) and take ten times as long (0.17 s instead of 0.02 s);
any level decompresses alike, so reports made at 9 verify as before."""


def encode(inputs: dict) -> str:
    raw = zlib.compress(json.dumps(inputs, sort_keys=True).encode("utf-8"), PAYLOAD_LEVEL)
    return MARK + base64.b64encode(raw).decode("ascii")


def read_inputs(path: str | Path) -> dict:
    """The fingerprint inputs stored in a report PDF, or NotAReport."""
    try:
        found = PAYLOAD.search(Path(path).read_bytes())
    except OSError as exc:
        raise NotAReport(f"Verify: cannot read {path} ({exc.strerror or exc}).") from exc
    if not found:
        raise NotAReport(f"Verify: {Path(path).name} is not a report written by registry-app"
                         " (no fingerprint inputs in it).")
    raw = base64.b64decode(found.group(1)[len(MARK):])
    return json.loads(zlib.decompress(raw).decode("utf-8"))


@dataclass
class Verification:
    """The stored and recomputed fingerprints and what differs between them."""

    month: str
    stored: str
    now: str
    changed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    definitions_changed: bool = False

    @property
    def matches(self) -> bool:
        return self.stored == self.now

    def lines(self) -> list[str]:
        """The verdict in plain sentences."""
        if self.matches:
            return [f"The report for {self.month} matches the registry (fingerprint"
                    f" {self.now})."]
        out = [f"The report for {self.month} no longer matches the registry: fingerprint"
               f" {self.stored} in the report, {self.now} now."]
        for words, keys in (("changed since", self.changed), ("added since", self.added),
                            ("deleted or moved out since", self.removed)):
            if keys:
                n = len(keys)
                out.append(f"{n} case{'s' if n != 1 else ''} {words}: {', '.join(keys)}")
        if self.definitions_changed:
            out.append("The registry's definitions (settings) changed since the report.")
        return out


def verify_report(registry: Registry, path: str | Path) -> Verification:
    """Recompute a report's fingerprint from the registry with the inputs stored in its PDF."""
    stored = read_inputs(path)
    now = report_inputs(registry, stored["month"], date.fromisoformat(stored["from"]),
                        date.fromisoformat(stored["to"]), date.fromisoformat(stored["as_of"]),
                        stored["benchmarks"])
    before, after = stored["cases"], now["cases"]
    return Verification(stored["month"], stored["fingerprint"], now["fingerprint"],
                        changed=sorted(k for k in before.keys() & after.keys()
                                       if before[k] != after[k]),
                        added=sorted(after.keys() - before.keys()),
                        removed=sorted(before.keys() - after.keys()),
                        definitions_changed=stored["definitions"] != now["definitions"])
