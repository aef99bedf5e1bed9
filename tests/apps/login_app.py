"""A tiny app for the login tests: the gate, the admin sidebar and one admin action."""

import streamlit as st

from byr_data import auth_ui

if not auth_ui.viewer_gate():
    st.stop()

auth_ui.admin_sidebar()
st.title("Testside")
if st.button("Publiser", key="publish") and auth_ui.require_admin():
    st.success(f"Publisert av {auth_ui.author()}.")
st.caption(f"admin={auth_ui.is_admin()}")
