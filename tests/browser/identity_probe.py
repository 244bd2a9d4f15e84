"""A Streamlit script for the tests only (tests/browser/test_access_streamlit.py): what access.identity
makes of its own session, shown as text. It shows the X-Remote-User values the session got, never the
secret header."""

import streamlit as st

from access import identity

result = identity.current()
request = identity.streamlit_request()
users = [value for name, value in (request.headers if request else ()) if name.lower() == identity.USER_HEADER.lower()]
st.text(f"status={result.status.value} user={result.user or '-'} reason={result.reason or '-'} x-remote-user={users}")
