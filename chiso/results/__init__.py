"""Results entered in the app: the Ministry's national tables and the province's own scorecards.

    from chiso.results import open_results_store, national, scorecard
    records = national.read_table("par2025.xlsx", data)            # or a text PDF of the appendix
    entry = national_entry(records, province_code="42", document="Quyết định 123/QĐ-BNV")
    open_results_store().save(user, entry)                          # all or nothing, province admin only

Modules: `national` (a national table from CSV/XLSX/PDF), `scorecard` (the province's scorecard
and its template), `store` (where they are kept, and what every build adds: `entered_inputs`).
"""
from chiso.results.store import (NATIONAL, SCORECARD, SOURCE_KINDS, EnteredInputs, Entry, ResultsStore,
                                 authority_label, entered_inputs, kind_label, looks_like_scorecard, national_entry,
                                 open_results_store, prepare, save_and_rebuild, scorecard_entry)

__all__ = ["open_results_store", "ResultsStore", "Entry", "EnteredInputs", "entered_inputs", "national_entry",
           "scorecard_entry", "prepare", "save_and_rebuild", "looks_like_scorecard", "SOURCE_KINDS",
           "NATIONAL", "SCORECARD", "kind_label", "authority_label"]
