"""What a user sees when something fails after all: a short Chinese message with an incident
number, never Streamlit's own error box (English, with "Ask Google" and "Ask ChatGPT" links that
lead out of an offline intranet). The full traceback goes to the server's log under the same
number, for whoever looks after the server."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import streamlit as st

from ui import labels, text

_log = logging.getLogger("dashboard.errors")


@contextmanager
def shown_in_chinese(where: str) -> Iterator[None]:
    """Run a page (or a slide) and, if it raises, say so in Chinese instead of the error box.
    Streamlit's own st.stop and st.rerun are BaseExceptions and pass through untouched."""
    try:
        yield
    except Exception:
        incident = f"{datetime.now():%Y%m%d-%H%M%S}-{secrets.token_hex(2)}"
        _log.exception("unexpected error %s in %s", incident, where)
        st.error(text.md_format(labels.PAGE_ERROR, incident=incident), icon=":material/error:")
