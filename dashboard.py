"""Entry point: page set-up, the shared frame (filters, demo notice) and routing.

Run with `streamlit run dashboard.py`. Pages live in pages/ and never set the page config.
"""

import streamlit as st

from ui import components, labels
from ui.data import build_demo_warehouse_with_progress, is_demo, warehouse_exists
from ui.filters import sidebar_filters

st.set_page_config(page_title=labels.APP_TITLE, page_icon="🏙️", layout="wide", initial_sidebar_state="expanded")

if not warehouse_exists():
    build_demo_warehouse_with_progress()

pages = [
    st.Page(f"pages/{path}.py", title=title, icon=icon, url_path=path, default=path == "overview")
    for path, (title, icon) in labels.PAGES.items()
]
page = st.navigation(pages)

with st.sidebar:
    st.markdown(f"### {labels.APP_TITLE}")
    st.caption(labels.APP_SUBTITLE)
st.session_state["current_filters"] = sidebar_filters()
with st.sidebar:
    st.caption(labels.SOURCE_NOTE)

if is_demo():
    components.demo_notice()
for notice in st.session_state.pop("filter_notices", []):
    st.warning(notice, icon=":material/link_off:")

page.run()
