"""Entry point: page set-up, the shared frame (filters, demo notice) and routing.

Run with `python serve.py` (`streamlit run dashboard.py` with Nagle's algorithm off). Pages live in pages/ and never set the page config.
`?mode=briefing` turns the frame into a full-screen slide show for a projector (ui/briefing.py);
`?embed=true` is Streamlit's own clean embedding for the intranet portal's iframe.
"""

import streamlit as st

from ui import briefing, compat, components, errors, gate, labels, options, style, text
from ui.data import build_demo_warehouse_with_progress, is_demo, missing_rollups, warehouse_exists
from ui.filters import sidebar_filters

compat.leave_pages_directory_mode()
briefing_mode = st.query_params.get("mode") == "briefing"
st.set_page_config(
    page_title=labels.APP_TITLE,
    page_icon="🏙️",
    layout="wide",
    initial_sidebar_state="collapsed" if briefing_mode else "expanded",
)

# Who is asking, from the portal's proxy only, and what they may read (issue 14). Not signed in, or
# no grant: a notice and st.stop() here, before any page or query runs. The 管理员 page is only in an
# admin's navigation.
visitor = gate.admit()
shown_pages = {**labels.PAGES, **(labels.ADMIN_PAGES if visitor.admin else {})}
pages = [st.Page(f"pages/{path}.py", title=title, icon=icon, url_path=path) for path, (title, icon) in shown_pages.items()]
# The root shows the overview too. Streamlit serves a default page only at "/", so /overview
# (a fixed path the intranet links to) needs its own entry; this hidden one answers "/".
home_title, home_icon = labels.PAGES["overview"]
pages.append(st.Page("pages/overview.py", title=home_title, icon=home_icon, url_path="home", default=True, visibility="hidden"))
page = st.navigation(pages, position="hidden" if briefing_mode else "sidebar")

if not warehouse_exists():
    build_demo_warehouse_with_progress()
if lacking := missing_rollups():
    st.error(text.md_format(labels.ROLLUPS_MISSING, tables="、".join(lacking)), icon=":material/database:")
    st.stop()

with st.sidebar:
    st.markdown(text.md_format("### {}", labels.APP_TITLE))
    st.caption(labels.APP_SUBTITLE)
options.remember_link()
filters = sidebar_filters()
st.session_state["current_filters"] = filters
# The page view in the audit trail (when page or filters changed), and the reader's remit in the sidebar.
gate.viewing("briefing" if briefing_mode else page.url_path or "overview", filters, notes=not briefing_mode)
with st.sidebar:
    st.caption(labels.SOURCE_NOTE)

for notice in st.session_state.pop("filter_notices", []):
    st.warning(text.md(notice), icon=":material/link_off:")

if briefing_mode:
    with errors.shown_in_chinese("briefing"):
        briefing.run(filters, demo=is_demo())
else:
    style.apply()
    if is_demo():
        components.demo_notice()
    with errors.shown_in_chinese(page.url_path or "overview"):
        page.run()
