"""Plotly figure → PNG, in Debian's headless Chromium, with nothing fetched from outside.

Kaleido 1.x draws the figure in a Chromium page built from local files only: plotly.js from
the installed plotly package (a file:// URL) and kaleido's own script. Two things would still
reach out, and both are switched off here:

- MathJax. Kaleido loads it from cdnjs.cloudflare.com unless told `mathjax=False`, and
  `figure.to_image()` cannot tell it so (plotly passes `plotly.io.defaults.mathjax` on only when
  it is truthy). So we call kaleido ourselves, with `mathjax=False`.
- Chromium itself. Even headless and with --disable-background-networking, Chromium 156 asks
  start.duckduckgo.com, clients2.google.com, update.googleapis.com and accounts.google.com
  (seen with strace and with a recording proxy). So every request is routed to a proxy on
  127.0.0.1:9, where nothing listens (loopback included: `<-loopback>`), and every host name
  resolves to nothing (`--host-resolver-rules`). A request fails on this machine, at once.

One browser renders all the charts of a brief (about 3 s to start, a fraction of a second per
chart). Chinese glyphs come from the system's Noto CJK fonts (fonts-noto-cjk).
"""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import plotly.graph_objects as go

# Nothing listens on the discard port: a request sent to this proxy fails at once, locally.
BLACKHOLE_PROXY = "http://127.0.0.1:9"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome-stable", "google-chrome", "chrome")
QUIET_FLAGS = (
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--disable-sync",
    "--no-pings",
    "--dns-prefetch-disable",
    "--no-first-run",
    "--disable-features=MediaRouter,OptimizationHints,Translate,AutofillServerCommunication,NetworkTimeServiceQuerying",
    "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
)


class ImagesUnavailable(RuntimeError):
    """No Chromium to draw the charts with, or it failed."""


def find_chromium() -> str:
    """$BROWSER_PATH (kaleido's own variable) if set, else Chromium or Chrome on the PATH."""
    explicit = os.environ.get("BROWSER_PATH")
    if explicit:
        if os.access(explicit, os.X_OK):
            return explicit
        raise ImagesUnavailable(f"BROWSER_PATH={explicit} 不是可执行文件，无法生成图表图片。")
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise ImagesUnavailable("未找到 Chromium，无法生成图表图片（Debian：apt-get install chromium；或设置 BROWSER_PATH）。")


def offline_flags(proxy: str) -> list[str]:
    """Chromium flags beyond kaleido's: quiet, every request to `proxy`, no name resolution."""
    host = urlsplit(proxy).hostname or "127.0.0.1"
    return [
        *QUIET_FLAGS,
        "--proxy-bypass-list=<-loopback>",
        f"--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE {host}",
    ]


def _offline_browser_class():
    from choreographer.browsers import Chromium

    class OfflineChromium(Chromium):
        """Kaleido's Chromium with our flags added (choreographer takes `browser_cls`)."""

        def get_cli(self):
            return [*super().get_cli(), *offline_flags(self.proxy_server or BLACKHOLE_PROXY)]

    return OfflineChromium


def render_png(
    figures: Sequence[go.Figure],
    sizes: Sequence[tuple[int, int]],
    *,
    scale: float = 2,
    proxy: str = BLACKHOLE_PROXY,
    browser_path: str | None = None,
    timeout: float = 90,
) -> list[bytes]:
    """PNG bytes for each figure at (width, height) layout pixels × scale, in one browser."""
    if not figures:
        return []
    import kaleido

    path = browser_path or find_chromium()
    browser_cls = _offline_browser_class()

    async def draw() -> list[bytes]:
        async with kaleido.Kaleido(
            path=path, mathjax=False, browser_cls=browser_cls, proxy_server=proxy, timeout=timeout
        ) as browser:
            return [
                await browser.calc_fig(figure, opts={"format": "png", "width": width, "height": height, "scale": scale})
                for figure, (width, height) in zip(figures, sizes, strict=True)
            ]

    # A thread of its own: the caller may already run an event loop (Streamlit, notebooks).
    with ThreadPoolExecutor(max_workers=1) as pool:
        try:
            return pool.submit(asyncio.run, draw()).result()
        except ImagesUnavailable:
            raise
        except Exception as error:
            raise ImagesUnavailable(f"图表图片生成失败：{error}") from error
