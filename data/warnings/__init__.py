"""Early warnings (预警): what needs attention this week, from the warehouse as at a date.

Five kinds, each one named query (queries/warnings_*.sql) on the semantic layer where it applies:
- `surge` (异动): a street × subcategory whose 12345 intake this week or last is well above its own
  expectation (the same weeks of earlier years and the recent level, holidays and 调休 counted);
- `repeat` (重复诉求): the same place and subcategory three or more times in 30 days;
- `caller` (一人多诉): the same caller (a keyed hash of the number) three or more times in 30 days;
- `overdue` (逾期): cases past their deadline and not closed; red-listed alleys past their deadline;
- `lagging` (连续靠后): streets in the city's worst tenth on a measure for three months running.

`collect` runs them and gives one frame of warnings, each with a stable id, the figures, the reason in
Chinese and the link to the records behind it; `python -m data warnings` prints it; the 预警 page draws
it. The thresholds are configuration (config/targets.toml, [warnings]).
"""

from data.warnings.listing import COLUMNS, KINDS, collect, warning_key

__all__ = ["COLUMNS", "KINDS", "collect", "warning_key"]
