"""chiso: the Streamlit entry point. `streamlit run app.py`.

The frame (chiso.frame) runs here on every page: page config, the database check, language,
province list/province/index/year, sign-in, then the chosen page of chiso.navigation.
"""
from chiso import frame

frame.run_app()
