"""chiso: Vietnam's provincial governance indices (PAPI, PAR INDEX, SIPAS) in DuckDB.

The application core shared by the Streamlit pages and the `python -m chiso`
command line. One module per concept:

- `paths`      where the data, catalog and database live
- `catalog`    indices, components, maxima, editions, methodology changes (data, not code)
- `names`      province name normalisation and matching
- `db`         connections and named SQL from `queries/`
- `scores`     the data-access layer the pages call for published results
"""
