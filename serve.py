"""Start the dashboard: `python serve.py [streamlit options]` is `streamlit run dashboard.py`
with Nagle's algorithm off on the server's connections.

Why: Streamlit 1.67 binds its listening socket itself (`socket.socket(family)`, protocol 0),
and asyncio only sets TCP_NODELAY on connections whose socket says IPPROTO_TCP. So every
websocket stays with Nagle on, and after the first small message of a rerun the rest wait
for the browser's delayed ACK: about 40 ms added to every rerun of every session, on any
page (measured: a one-line app reruns in 44 ms, 6 ms with this fix; the same mechanism is
uvicorn issue #3149). Linux hands TCP_NODELAY from the listening socket down to every
connection it accepts, so setting it once on the listener is enough.

It also imports the dashboard's modules (and with them pandas, Plotly, pydeck, DuckDB) before
the server takes its first connection, so the first visitor after a restart does not wait
for them: about 0.4 s of that first page at any scale. Nothing is queried or cached early.

`python serve.py path/to/app.py [options]` runs another entry script the same way (the
benchmark's pandas app).
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
import socket
import sys
from pathlib import Path

from streamlit.web import cli
from streamlit.web.server.starlette import starlette_server

ROOT = Path(__file__).resolve().parent
_log = logging.getLogger(__name__)


def _bind_socket_without_nagle(address: str, port: int, backlog: int) -> socket.socket:
    sock = _streamlit_bind_socket(address, port, backlog)
    if sock.family in (socket.AF_INET, socket.AF_INET6):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


_streamlit_bind_socket = getattr(starlette_server, "_bind_socket", None)


def install() -> bool:
    """Wrap Streamlit's socket binding; False (and a warning) if this Streamlit has none."""
    if _streamlit_bind_socket is None:
        _log.warning("Streamlit no longer has _bind_socket: running without the TCP_NODELAY fix")
        return False
    starlette_server._bind_socket = _bind_socket_without_nagle
    return True


def preload() -> list[str]:
    """Import every module of ui/ and queries/ (what a page's first run imports); their names."""
    import ui

    names = [module.name for module in pkgutil.iter_modules(ui.__path__, "ui.")] + ["queries"]
    # st.cache_data decorators run at import, before the server's runtime exists, and warn that they
    # fall back to memory storage: true only for these few milliseconds, and noise in the terminal.
    caching_log = logging.getLogger("streamlit.runtime.caching.cache_data_api")
    level = caching_log.level
    caching_log.setLevel(logging.ERROR)
    try:
        for name in names:
            importlib.import_module(name)
    finally:
        caching_log.setLevel(level)
    try:  # st.set_page_config checks the page icon against Streamlit's emoji list, a large module
        importlib.import_module("streamlit.emojis")
    except ImportError:
        pass
    return names


def main(argv: list[str]) -> int:
    script = argv[0] if argv and argv[0].endswith(".py") else str(ROOT / "dashboard.py")
    options = argv[1:] if argv and argv[0].endswith(".py") else argv
    install()
    preload()
    sys.argv = ["streamlit", "run", script, *options]
    return cli.main()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
