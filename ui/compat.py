"""Workarounds for Streamlit behaviour that the project layout runs into."""

from __future__ import annotations

import streamlit as st


def leave_pages_directory_mode() -> None:
    """Switch off Streamlit's old "pages directory" mode, once per server process.

    A folder named pages/ beside the entry script makes Streamlit (1.67) start in that mode:
    a deep link such as /cases runs pages/cases.py on its own, without dashboard.py's frame,
    and the root runs dashboard.py inside a second, generated navigation. The project keeps
    the pages/ layout, so the first run switches the mode off and reruns; every run after
    that goes through dashboard.py and st.navigation only.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
