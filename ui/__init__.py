"""Shared UI: words, theme, filters, chart and map builders, and page furniture."""
