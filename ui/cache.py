"""Caches for what pages draw: built map decks are kept, keyed by their inputs.

A deck of 5,393 alleys or 3,800 H3 cells takes a few hundred milliseconds to build and
serialize; the same inputs give the same deck, so it is built once and shared. Decks are
never modified after building (ui.maps), which is what makes sharing them across sessions safe.
"""

from __future__ import annotations

from typing import Any

import pydeck as pdk
import streamlit as st

from ui import maps


@st.cache_resource(max_entries=64, show_spinner=False)
def _deck(builder: str, args: tuple, kwargs: tuple) -> pdk.Deck:
    return getattr(maps, builder)(*args, **dict(kwargs))


def deck(builder: str, *args: Any, **kwargs: Any) -> pdk.Deck:
    """`maps.<builder>(*args, **kwargs)`, built once per distinct input."""
    frozen = tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in sorted(kwargs.items()))
    return _deck(builder, tuple(tuple(a) if isinstance(a, list) else a for a in args), frozen)
