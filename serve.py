"""Serves the dashboard with uploads only for administrators: ``streamlit run serve.py`` (``make run``).

Streamlit's own upload route accepts a file from any visitor's session; ``st.App`` lets a
middleware refuse it first (see :mod:`byr_data.upload_guard`). ``streamlit run`` finds the
``app`` below by parsing this file and serves ``dashboard.py`` through it. The frame stays in
``dashboard.py``: the server imports this module once, outside any session, and the frame run
that way left Streamlit's form context behind for every later session.
"""

import streamlit as st
from starlette.middleware import Middleware

from byr_data import upload_guard

app = st.App("dashboard.py", middleware=[Middleware(upload_guard.AdminUploadsOnly)])
