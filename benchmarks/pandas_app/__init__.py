"""The comparison app: the same dashboard with every figure computed from DataFrames (see app.py)."""
