"""The brief's charts are drawn offline: the page kaleido loads names only local files, the
figures name no outside resource, every request Chromium makes goes to our proxy (a dead end in
use), and drawing works on a machine with no network at all."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import kaleido
import plotly.graph_objects as go
import pytest

from reports import charts, content, images
from reports.figures import collect
from reports.period import Quarter

ROOT = Path(__file__).resolve().parents[1]
CDN_HOSTS = ("cdnjs.cloudflare.com", "cdn.plot.ly", "mathjax", "fonts.googleapis.com", "fonts.gstatic.com", "unpkg.com")


def _chromium_or_skip() -> str:
    try:
        return images.find_chromium()
    except images.ImagesUnavailable as error:
        pytest.skip(f"no Chromium: {error}")


@pytest.fixture(scope="module")
def brief_charts(con):
    figures = collect(con, Quarter(2023, 3))
    brief = content.compose(figures)
    return charts.build(figures, [key for section in brief.sections for key in section.charts])


def test_the_page_loads_only_local_files():
    page = kaleido.PageGenerator(mathjax=False).generate_index()
    assert "http://" not in page and "https://" not in page
    assert "plotly.min.js" in page, "plotly.js from the installed plotly package"
    # Left to its default, kaleido would load MathJax from a CDN: that is why images.py says mathjax=False.
    assert "cdnjs.cloudflare.com" in kaleido.PageGenerator().generate_index()


def test_the_figures_name_no_outside_resource(brief_charts):
    assert 2 <= len(brief_charts) <= 4
    for chart in brief_charts:
        text = chart.figure.to_json()
        assert "http://" not in text and "https://" not in text, chart.key
        assert chart.caption, chart.key
        assert chart.figure.layout.title.text is None, "the title is the caption in the document"


def test_every_request_goes_to_the_proxy_and_no_name_is_resolved():
    flags = images.offline_flags(images.BLACKHOLE_PROXY)
    assert "--proxy-bypass-list=<-loopback>" in flags
    assert "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1" in flags
    assert "--disable-background-networking" in flags
    assert images.BLACKHOLE_PROXY == "http://127.0.0.1:9"


class _RecordingProxy:
    """A local TCP listener standing in for the proxy: notes the first line of every request."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.requests: list[str] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.getsockname()[1]}"

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.server.accept()
            except OSError:
                return
            with connection:
                connection.settimeout(5)
                try:
                    self.requests.append(connection.recv(400).decode("latin-1").split("\r\n", 1)[0])
                except OSError:
                    pass

    def close(self) -> None:
        self.server.close()


def test_requests_reach_only_our_proxy(brief_charts):
    """With the proxy a recorder, outside pictures (a host name and a bare IP address) show up there:
    requests do not go round it. The brief's own charts ask for nothing from a CDN."""
    path = _chromium_or_skip()
    control = go.Figure(go.Bar(x=["东城区", "西城区"], y=[1, 2]))
    control.add_layout_image(source="https://example.com/logo.png", x=0, y=1, sizex=0.2, sizey=0.2)
    control.add_layout_image(source="http://192.0.2.1/logo.png", x=0.5, y=1, sizex=0.2, sizey=0.2)
    proxy = _RecordingProxy()
    try:
        figures = [control, *(c.figure for c in brief_charts)]
        sizes = [(400, 300), *((c.width, c.height) for c in brief_charts)]
        pngs = images.render_png(figures, sizes, scale=1, proxy=proxy.url, browser_path=path)
    finally:
        proxy.close()
    assert all(png.startswith(b"\x89PNG") for png in pngs)
    seen = "\n".join(proxy.requests)
    assert "example.com:443" in seen, proxy.requests
    assert "http://192.0.2.1/logo.png" in seen, proxy.requests
    for host in CDN_HOSTS:
        assert host not in seen, f"the page asked {host}: {proxy.requests}"


def _can_unshare_network() -> bool:
    if not shutil.which("unshare"):
        return False
    return subprocess.run(["unshare", "-n", "true"], capture_output=True, check=False).returncode == 0


@pytest.mark.skipif(not _can_unshare_network(), reason="needs `unshare -n` (root) to run without any network")
def test_charts_are_drawn_with_no_network_at_all(tmp_path):
    _chromium_or_skip()
    script = tmp_path / "draw.py"
    script.write_text(
        "import plotly.graph_objects as go\n"
        "from reports import images\n"
        "figure = go.Figure(go.Bar(x=['东城区', '西城区'], y=[1, 3]), layout_title_text='满意度 97.35%')\n"
        "png = images.render_png([figure], [(400, 300)])[0]\n"
        "print(png[:4] == b'\\x89PNG', len(png))\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        ["unshare", "-n", sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": str(tmp_path)},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("True"), done.stdout
