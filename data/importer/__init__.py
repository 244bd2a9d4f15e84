"""Import the office's own exports into the warehouse: validated, bad rows kept aside, never half-written.

    python -m data import KIND FILE [--warehouse PATH] [--sheet NAME] [--json]

Modules, one job each: `reading` (files and encodings), `columns` (headings → warehouse
columns), `values` and `places` (parsing cells, matching districts and streets),
`masking` (personal data), `kinds/` (each kind's columns and rules), `validate` (the
row checks), `writer` (lock, copy, one transaction, atomic replace, stale copies),
`interrupts` (SIGTERM, and the final swap kept whole), `pipeline` (one import end to end),
`cli` (the command), `docs` (docs/IMPORT.md).
"""

from data.importer.pipeline import ImportResult, import_file

__all__ = ["ImportResult", "import_file"]
