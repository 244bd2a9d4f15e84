"""The office's thresholds and targets (config/targets.toml), read once, bound into queries.

A named query that mentions `$red_line` gets the configured red line: pages never pass it, so a
threshold cannot differ between the page that draws the line and the query that counts below it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

CONFIG = Path(__file__).resolve().parent.parent / "config" / "targets.toml"


@dataclass(frozen=True)
class Target:
    measure: str
    label: str
    target: float
    higher_is_better: bool
    districts: dict[str, float] = field(default_factory=dict)  # a district's own target, by district code

    def for_district(self, code: str | None) -> float:
        return self.districts.get(code, self.target) if code else self.target


@dataclass(frozen=True)
class Settings:
    red_line: float
    min_cases_for_rate: int
    min_cases_for_change: int
    targets: dict[str, Target]
    campaign_target_change_pct: float = -30.0
    # The early warnings' thresholds ([warnings]), each bound by its own name; the deadline days per
    # source as `deadline_days_hotline` and so on.
    warnings: dict[str, float] = field(default_factory=dict)

    def bound(self) -> dict[str, object]:
        """The values named queries may ask for by parameter name. `$targets` is a list of
        (measure, label, district_code, target, higher_is_better): the city's with no district."""
        rows = []
        for t in self.targets.values():
            rows.append(
                {
                    "measure": t.measure,
                    "label": t.label,
                    "district_code": None,
                    "target": t.target,
                    "higher_is_better": t.higher_is_better,
                }
            )
            for code, value in t.districts.items():
                rows.append(
                    {
                        "measure": t.measure,
                        "label": t.label,
                        "district_code": code,
                        "target": value,
                        "higher_is_better": t.higher_is_better,
                    }
                )
        return {
            "red_line": self.red_line,
            "min_cases_for_rate": self.min_cases_for_rate,
            "min_cases_for_change": self.min_cases_for_change,
            "targets": rows,
            **self.warnings,
        }


@cache
def settings(path: Path = CONFIG) -> Settings:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    thresholds = data["thresholds"]
    targets = {
        key: Target(
            key,
            spec["label"],
            float(spec["target"]),
            bool(spec["higher_is_better"]),
            {str(code): float(value) for code, value in spec.get("districts", {}).items()},
        )
        for key, spec in data.get("targets", {}).items()
    }
    return Settings(
        float(thresholds["red_line"]),
        int(thresholds["min_cases_for_rate"]),
        int(thresholds["min_cases_for_change"]),
        targets,
        float(data.get("campaigns", {}).get("target_change_pct", -30.0)),
        _warnings(data.get("warnings", {})),
    )


def _warnings(section: dict) -> dict[str, float]:
    deadlines = section.get("case_deadline_days", {})
    flat = {key: value for key, value in section.items() if key != "case_deadline_days"}
    flat.update({f"deadline_days_{source}": days for source, days in deadlines.items()})
    return {key: float(value) for key, value in flat.items()}


def bound_parameters() -> dict[str, float]:
    return settings().bound()
