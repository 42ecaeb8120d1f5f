"""The briefing deck: one province, one year, every index in the catalog, as an editable 16:9 PPTX,
and the briefing pack (the deck, its charts as PNG and SVG, its tables as one XLSX, zipped).

    build.py    the slide sequence (what goes on which slide, what is left out and said so)
    content.py  the data behind the slides (scores, charts, THE weak/covered rule, the task store)
    layout.py   layout rules: measured text boxes, paginated tables, chart boxes, footer
    texts.py    every text, as chiso.i18n msgids
    pack.py     the briefing pack ZIP
"""
from chiso.deck.build import DeckReport, build_deck
from chiso.deck.content import tasks_from_store, weak_components
from chiso.deck.pack import briefing_pack, pack_name

__all__ = ["build_deck", "DeckReport", "tasks_from_store", "weak_components", "briefing_pack", "pack_name"]
