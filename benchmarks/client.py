"""A Streamlit client without a browser: Streamlit's own protobufs over its websocket.

It does what the frontend does to run a page: connect to `/_stcore/stream`, send a `BackMsg`
with `rerun_script` (the page, the link's query string, the widgets that changed), and read
`ForwardMsg`s until `script_finished`. The time between the two is the server side of a page:
the script run, its queries and charts, and the deltas serialized and sent over loopback.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.sync.client import ClientConnection, connect

# Elements that the browser must draw before a page counts as drawn (see browser.py).
CHART_TYPES = {"plotly_chart": "plotly", "deck_gl_json_chart": "deck"}


class RunError(RuntimeError):
    """The script raised, failed to compile, or the server went away."""


@dataclass
class Run:
    seconds: float
    charts: dict[str, int] = field(default_factory=dict)  # plotly / deck elements sent
    bytes_received: int = 0
    messages: int = 0


class Session:
    """One browser tab's worth of Streamlit session, driven by hand."""

    def __init__(
        self,
        port: int,
        timeout: float = 300,
        base_path: str = "",
        cookie: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.timeout = timeout
        extra = {**(headers or {}), **({"Cookie": cookie} if cookie else {})}
        self.ws: ClientConnection = connect(
            f"ws://127.0.0.1:{port}{'/' + base_path if base_path else ''}/_stcore/stream",
            additional_headers=extra or None,
            subprotocols=["streamlit"],
            max_size=None,
            open_timeout=30,
            compression=None,
        )
        self.page_hashes: dict[str, str] = {}  # url path -> page script hash
        self.widget_ids: dict[str, str] = {}  # user key -> widget id
        self.page = ""
        self.query_string = ""
        # The frontend's message cache: big elements it already holds come back as a hash only.
        self.cached: dict[str, int] = {}  # message hash -> run number it was last seen in
        self.max_cached_age = 2
        self.runs = 0
        self.chart_of: dict[str, str] = {}  # message hash -> chart kind, to count cached charts

    def close(self) -> None:
        self.ws.close()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def open(self, page: str, query_string: str = "") -> Run:
        """Open a page the way a link does (a first run, or a click in the sidebar)."""
        self.page, self.query_string = page, query_string
        return self._rerun()

    def rerun(self) -> Run:
        """The same page again, nothing changed."""
        return self._rerun()

    def change(self, **values: list[str]) -> Run:
        """Set widgets by their key, as the frontend sends a changed widget (formatted values)."""
        states = []
        for key, strings in values.items():
            state = WidgetState(id=self.widget_ids[key])
            state.string_array_value.data.extend(strings)
            states.append(state)
        return self._rerun(states)

    def _rerun(self, widget_states: list[WidgetState] | None = None) -> Run:
        message = BackMsg()
        client_state = message.rerun_script
        client_state.query_string = self.query_string
        client_state.page_name = self.page
        client_state.page_script_hash = self.page_hashes.get(self.page, "")
        client_state.widget_states.widgets.extend(widget_states or [])
        client_state.cached_message_hashes.extend(h for h, seen in self.cached.items() if self.runs - seen < self.max_cached_age)
        self.runs += 1
        started = time.perf_counter()
        self.ws.send(message.SerializeToString())
        run = Run(seconds=0.0)
        while True:
            remaining = self.timeout - (time.perf_counter() - started)
            if remaining <= 0:
                raise RunError(f"no script_finished within {self.timeout:.0f} s")
            data = self.ws.recv(timeout=remaining)
            run.bytes_received += len(data)
            run.messages += 1
            msg = ForwardMsg()
            msg.ParseFromString(data)
            kind = msg.WhichOneof("type")
            if msg.metadata.cacheable or kind == "ref_hash":
                self.cached[msg.hash or msg.ref_hash] = self.runs
            if kind == "new_session":
                self.max_cached_age = msg.new_session.config.max_cached_message_age or 2
            elif kind == "delta":
                self._delta(msg, run)
            elif kind == "ref_hash" and msg.ref_hash in self.chart_of:
                chart = self.chart_of[msg.ref_hash]
                run.charts[chart] = run.charts.get(chart, 0) + 1
            elif kind == "navigation":
                for page in msg.navigation.app_pages:
                    self.page_hashes.setdefault(page.url_pathname, page.page_script_hash)
            elif kind == "page_info_changed":
                self.query_string = msg.page_info_changed.query_string
            elif kind == "script_finished":
                status = msg.script_finished
                if status == ForwardMsg.FINISHED_SUCCESSFULLY:
                    run.seconds = time.perf_counter() - started
                    return run
                if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    raise RunError("compile error")
                # FINISHED_EARLY_FOR_RERUN: st.rerun() or a callback; the run goes on.

    def _delta(self, msg: ForwardMsg, run: Run) -> None:
        delta = msg.delta
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception":
            raise RunError(f"{element.exception.type}: {element.exception.message}")
        if kind in CHART_TYPES:
            run.charts[CHART_TYPES[kind]] = run.charts.get(CHART_TYPES[kind], 0) + 1
            self.chart_of[msg.hash] = CHART_TYPES[kind]
        widget_id = getattr(getattr(element, kind), "id", "") if kind else ""
        if isinstance(widget_id, str) and widget_id.startswith("$$ID-"):
            self.widget_ids[widget_id.rsplit("-", 1)[-1]] = widget_id
