"""Registry-wide definitions that travel with every computed number."""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any


@dataclass(frozen=True)
class RegistrySettings:
    """The centre's definitions: MT failure, outcomes, sICH and the follow-up window."""

    center_name: str = ""
    logo_path: str = ""
    mt_failure_threshold: str = "2b"
    mt_failure_min_passes: int = 1
    """Kept so older settings still load; MT failure no longer depends on the pass count."""
    good_outcome_max_mrs: int = 2
    sich_definition: str = "heidelberg"
    followup_days: int = 90
    followup_window_days: int = 14
    default_benchmark: str = ""

    def describe_mt_failure(self) -> str:
        return (f"Reperfusion below {self.mt_failure_threshold} after the last thrombectomy pass,"
                " whatever the number of passes")

    def describe_good_outcome(self) -> str:
        return f"mRS 0-{self.good_outcome_max_mrs} at {self.followup_days} days"

    def good_outcome_code(self) -> str:
        return f"mrs_0_{self.good_outcome_max_mrs}_90d"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "RegistrySettings":
        known = {f.name: f.type for f in fields(cls)}
        clean = {k: val for k, val in data.items() if k in known}
        for key in ("mt_failure_min_passes", "good_outcome_max_mrs", "followup_days",
                    "followup_window_days"):
            if key in clean:
                clean[key] = int(clean[key])
        return cls(**clean)


DEFAULT_SETTINGS = RegistrySettings()

SETTING_LABELS = {
    "center_name": "Centre name",
    "logo_path": "Logo",
    "mt_failure_threshold": "MT failed when reperfusion after the last pass is below",
    "mt_failure_min_passes": "MT failed only after at least (passes)",
    "good_outcome_max_mrs": "Good outcome at follow-up: mRS at most",
    "sich_definition": "sICH definition",
    "followup_days": "Follow-up assessment after the procedure (days)",
    "followup_window_days": "Follow-up window, before and after (days)",
    "default_benchmark": "Default benchmark",
}
"""Plain names of the settings, as the settings dialog and their history show them."""
