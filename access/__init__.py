"""Who may see what, and who looked: identity from the portal's proxy, grants, scope, audit trail.

- `identity`: who is asking, taken only from the headers the intranet proxy sets (or the laptop demo's
  loopback user).
- `grants` and `scope`: what each user may read (市级 / 区级 / 街乡镇级, 管理员), kept in a small SQLite
  file beside the warehouse (`DASHBOARD_ACCESS_DB`), and the scope the query layer binds.
- `audit`: every sign-in, page view, export, 简报 and refusal, append-only, safe with several processes.
- `areas`: which district and street codes exist. `db`: the SQLite file both stores share.
- `python -m access`: grant, revoke, list, audit.
"""
