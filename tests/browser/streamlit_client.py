"""A Streamlit session driven over its websocket through nginx, as a browser tab drives it, keeping what
the tests read: the texts shown, the metric cards, and the download buttons, whose files it fetches
the way the frontend does (a deferred-file request over the websocket, then GET /<prefix>/media/… with
the tab's cookies). Lighter than Chromium, so several run at once on a 2-core machine.

Built on the benchmark's client (benchmarks/client.py), which knows how to run a page and set widgets.
"""

from __future__ import annotations

import csv
import http.client
import io
import itertools

import pandas as pd
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from benchmarks.client import Run, Session
from deploy.sso_stub import COOKIE
from tests.shown import shown

_requests = itertools.count(1)


class DownloadError(RuntimeError):
    """The server would not make the file (its callable raised: an export it could not record, say)."""


class Client(Session):
    """`Client(port, prefix, user, route)`: a tab signed in at the (stub) portal as `user`, kept on one
    app process by its route cookie. `user=None`: no portal session at all."""

    def __init__(self, port: int, prefix: str, user: str | None, route: str, headers: dict[str, str] | None = None) -> None:
        self.cookie = f"dashboard_route={route}" + (f"; {COOKIE}={user}" if user else "")
        self.port, self.prefix = port, prefix
        self.session_id = ""
        self.texts: list[str] = []  # markdown and notices as a reader reads them (escapes taken off)
        self.metrics: dict[str, str] = {}
        self.downloads: dict[str, str] = {}  # button key -> deferred file id, as last drawn
        self.states: dict = {}  # widget id -> the WidgetState last set
        super().__init__(port, timeout=120, base_path=prefix, cookie=self.cookie, headers=headers)
        self._recv = self.ws.recv
        self.ws.recv = self._watch  # the benchmark client reads the socket; the session's id is in it

    def _watch(self, *args, **kwargs):
        data = self._recv(*args, **kwargs)
        message = ForwardMsg()
        message.ParseFromString(data)
        if message.WhichOneof("type") == "new_session":
            self.session_id = message.new_session.initialize.session_id
        return data

    def _rerun(self, widget_states=None) -> Run:
        # Every element sent whole: a test reads each run on its own, not as hashes of earlier ones.
        self.cached.clear()
        self.texts, self.metrics, self.downloads = [], {}, {}
        # As the frontend does, every widget's value goes with every rerun, a page switch included: the
        # shared filters stay as set when moving between pages.
        for state in widget_states or []:
            self.states[state.id] = state
        return super()._rerun(list(self.states.values()))

    def _delta(self, msg: ForwardMsg, run: Run) -> None:
        super()._delta(msg, run)
        delta = msg.delta
        if delta.WhichOneof("type") == "add_block" and delta.add_block.WhichOneof("type") == "expandable":
            widget_id = delta.add_block.expandable.id or delta.add_block.id  # an expander with a key is a widget
            if widget_id.startswith("$$ID-"):
                self.widget_ids[widget_id.rsplit("-", 1)[-1]] = widget_id
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind == "markdown":
            self.texts.append(shown(element.markdown.body))
        elif kind == "alert":
            self.texts.append(shown(element.alert.body))
        elif kind == "metric":
            self.metrics[element.metric.label] = element.metric.body
        elif kind == "download_button":
            button = element.download_button
            self.downloads[button.id.rsplit("-", 1)[-1]] = button.deferred_file_id

    def change_value(self, key: str, **value) -> Run:
        """Set one widget to a value of any type (`bool_value=True`, `string_value="…"`)."""
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        state = WidgetState(id=self.widget_ids[key], **value)
        return self._rerun([state])

    def download(self, key: str) -> bytes:
        """The file behind download button `key`, as a click on it gets it."""
        message = BackMsg()
        request = message.backend_operation_request
        request.request_id = f"test-{next(_requests)}"
        request.session_id = self.session_id
        request.deferred_file.file_id = self.downloads[key]
        self.ws.send(message.SerializeToString())
        while True:
            answer = ForwardMsg()
            answer.ParseFromString(self.ws.recv(timeout=self.timeout))
            if answer.WhichOneof("type") != "backend_operation_response":
                continue
            response = answer.backend_operation_response
            if response.request_id != request.request_id:
                continue
            if response.error_msg:
                raise DownloadError(response.error_msg)
            return get(self.port, f"/{self.prefix}{response.deferred_file.url}", self.cookie)[1]


def get(port: int, path: str, cookie: str | None = None, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", path, headers={**(headers or {}), **({"Cookie": cookie} if cookie else {})})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


def csv_rows(data: bytes) -> pd.DataFrame:
    """An exported CSV's rows under its header: a title line before the header (one field) is skipped,
    and the tab that keeps Excel from mangling long digit strings is taken off."""
    text = data.decode("utf-8-sig")
    first = next(csv.reader(io.StringIO(text.split("\n", 1)[0])))
    frame = pd.read_csv(io.StringIO(text), skiprows=1 if len(first) == 1 else 0, dtype=str, keep_default_na=False)
    return frame.apply(lambda column: column.str.strip("\t"))
