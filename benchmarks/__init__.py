"""The benchmark: how fast every page is, served by a real `streamlit run`, beside the pandas way.

`python -m benchmarks --warehouse PATH` (see README "Benchmarks" and BENCHMARKS.md). Modules:
`server` starts and watches an app process, `client` speaks Streamlit's websocket protocol,
`server_side` times page runs, `named_queries` times each query, `browser` times drawing in
Chromium, `load` runs concurrent sessions, `parity` checks the pandas app computes the same
numbers, `report` prints the table; `pandas_app/` is the comparison app.
"""
