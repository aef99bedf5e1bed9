"""The Streamlit layer the pages and the frame (``dashboard.py``) share.

``data`` (the published data, cached: the only module here that caches), ``filter`` (the municipality
filter kept in the URL), ``furniture`` (page header, charts, tables, downloads, the ``page`` preamble)
and ``registry`` (the pages). Sign-in lives beside it in :mod:`byr_data.auth_ui`.
"""
