"""Every chart a page shows goes through `chart(fig)`: the one place a figure meets Streamlit's chart element.

Why not `st.plotly_chart(fig)` directly: Streamlit's chart element (1.67) draws every figure twice
when it appears. It hands plotly.js the figure, then an effect re-applies its theme to a deep copy
(a JSON round trip, `theme=None` included) and hands plotly.js the copy: two `Plotly.react` calls per
chart per page visit, whatever the app does. `Plotly.react` redraws in full (traces recomputed, SVG
rebuilt) whatever it cannot tell is unchanged, and in a deep copy it cannot tell:
- a data array that is a new object is new data, unless `layout.datarevision` is set and unchanged;
- a typed array (plotly's `{"dtype", "bdata"}` encoding of numpy arrays) is an object, never equal;
- `meta` and `layout.template` are objects of type "any", compared by identity, never equal (and
  Streamlit's own theme writes a template into every figure, which is why `theme=None` here).
So the spec sent says which revision of the data it is (a hash of its content: a changed figure is a
new revision, a page visit's copy is the same one), carries arrays as lists, `meta` as a one-item
list (arrays of "any" are compared by value) and the figure's template baked into the figure (the
same look as plotly gives the exported PNG/SVG, which never go through Streamlit). The second draw
then finds nothing changed and costs a few milliseconds instead of a full redraw.
"""
from __future__ import annotations

import base64
import hashlib
import json
import math

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from chiso import phone
from chiso.ui import on_phone

# Subplots a template styles but plotly.js might draw if the layout named them: baked only where the figure has one.
_SUBPLOTS = ("geo", "map", "mapbox", "polar", "scene", "smith", "ternary")
# A template's `<name>defaults` style every item of the layout's `<name>s` array.
_ITEM_DEFAULTS = {"annotations": "annotationdefaults", "shapes": "shapedefaults", "images": "imagedefaults",
                  "sliders": "sliderdefaults", "updatemenus": "updatemenudefaults"}


def chart(fig: go.Figure, config: dict | None = None) -> None:
    """Draw `fig` in the page (the figure itself is left as it is, for the downloads); on a phone, its
    copy laid out for a phone's width, on a laptop one whose too long title is wrapped (`chiso.phone`)."""
    spec = fig.to_json()
    if on_phone():
        spec = _for_phone(spec)
    elif phone.title_too_long_for_page(fig):
        spec = _for_page(spec)
    st.plotly_chart(_stable(spec), theme=None, config={"displaylogo": False, **(config or {})})


@st.cache_data(show_spinner=False, max_entries=64)
def _for_phone(spec_json: str) -> str:
    return phone.fit(go.Figure(json.loads(spec_json))).to_json()


@st.cache_data(show_spinner=False, max_entries=64)
def _for_page(spec_json: str) -> str:
    return phone.for_page(go.Figure(json.loads(spec_json))).to_json()


@st.cache_resource(show_spinner=False, max_entries=64)
def _stable(spec_json: str) -> go.Figure:
    """Keyed by the figure's JSON (10 ms for the map) so a page visit does not pay the rewrite (100 ms);
    shared, never changed: Streamlit only reads the figure it is given."""
    return react_stable(json.loads(spec_json))


def react_stable(fig: go.Figure | dict) -> go.Figure:
    """A copy of `fig` that draws the same and that a second `Plotly.react` of a deep copy leaves alone."""
    spec = _plain(fig if isinstance(fig, dict) else fig.to_plotly_json())
    layout, data = _baked(spec.get("layout", {}), spec.get("data", []))
    for item in [layout, *data]:
        if isinstance(item.get("meta"), dict):
            item["meta"] = [item["meta"]]
    layout["datarevision"] = hashlib.sha1(json.dumps([data, layout], sort_keys=True, default=str)
                                          .encode()).hexdigest()[:16]
    out = go.Figure(data=data, layout=layout, skip_invalid=True)
    out.layout.template = None  # go.Figure puts plotly's default template back
    return out


def _baked(layout: dict, data: list[dict]) -> tuple[dict, list[dict]]:
    """The figure's template applied to it as plotly.js would: its layout under the figure's layout
    (its axis styles under every axis, its item defaults under every annotation/shape), its trace
    styles under the traces of each type, in turn."""
    template = layout.pop("template", None) or {}
    base = {k: v for k, v in template.get("layout", {}).items() if k not in _SUBPLOTS or k in layout}
    for name, defaults in _ITEM_DEFAULTS.items():
        item = base.pop(defaults, None)
        if item and layout.get(name):
            layout[name] = [_under(item, it) for it in layout[name]]
    for axis in ("xaxis", "yaxis"):
        if axis in base:
            for name in [k for k in layout if k.startswith(axis) and k[len(axis):].isdigit()]:
                layout[name] = _under(base[axis], layout[name])
    layout = _under(base, layout)
    styles, seen = template.get("data", {}), {}
    baked = []
    for trace in data:
        kind = trace.get("type", "scatter")
        options = styles.get(kind) or []
        n = seen.get(kind, 0)
        seen[kind] = n + 1
        style = {k: v for k, v in options[n % len(options)].items() if k != "type"} if options else {}
        baked.append(_under(style, trace))
    return layout, baked


def _under(base, over):
    """`over`, with `base`'s values wherever `over` has none (at every depth of nested dicts)."""
    if not isinstance(base, dict) or not isinstance(over, dict):
        return over
    out = dict(base)
    for key, value in over.items():
        out[key] = _under(base[key], value) if key in base else value
    return out


def _plain(value):
    """numpy arrays, typed arrays and numbers as JSON lists and numbers."""
    if isinstance(value, dict) and isinstance(value.get("bdata"), str) and "dtype" in value:
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        if "shape" in value:  # "rows, columns" (a heatmap's z)
            array = array.reshape([int(n) for n in str(value["shape"]).split(",")])
        return _plain(array)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, np.ndarray):
        if value.dtype == object:
            return _plain(value.tolist())
        if value.dtype == np.float32 and value.size:  # its 7 significant digits, not float64's 17
            top = float(np.nanmax(np.abs(value))) if np.isfinite(value).any() else 0.0
            return np.round(value.astype(np.float64), max(0, 7 - math.ceil(math.log10(top or 1)))).tolist()
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    return value
