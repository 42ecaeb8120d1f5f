"""chiso: the Streamlit entry point. `streamlit run app.py`.

Only the navigation lives here: the sidebar lists the pages of chiso.navigation in the chosen
language (the language switch itself is drawn by each page, through chiso.ui.setup).
"""
from __future__ import annotations

import streamlit as st

from chiso import navigation

# The switch's value from the previous run (it is a keyed widget), else the link's ?lang=.
lang = st.session_state.get("lang") or st.query_params.get("lang", "vi")
pages = {
    section: [st.Page(p.file, title=navigation.title(p, lang), icon=p.icon, url_path=p.url_path or None,
                      default=not p.url_path)
              for p in entries]
    for section, entries in navigation.sections(lang).items()
}
st.navigation(pages).run()
