"""The dashboard's in-process caches: KPI frames shared by every session (GedeeldeCache,
frame_cache), views derived from them (afgeleid), and emptying them all (wis_caches)."""

from __future__ import annotations

import inspect
import threading
import time
from collections import OrderedDict

import polars as pl
import streamlit as st


TTL = 600


MAX_ENTRIES = 256


# KPI frames are cached as shared objects (st.cache_resource), not copied on every hit as
# st.cache_data does (it unpickles the frame each time: ~0.4 s per run for the case lists at
# national scale, and more CPU per concurrent user). Safe because polars frames are never
# changed in place here: views derive new frames from them.
_FIGUUR_CACHES: dict[str, object] = {}


class GedeeldeCache:
    """What st.cache_resource does for a KPI function, keyed on its arguments themselves.

    The arguments of these functions are hashable values (dates, strings, tuples, the frozen
    Filters and Scope; `_`-prefixed ones, like the database handle, are left out of the key), so a
    dict lookup finds an entry. Streamlit hashes every argument of every call its own way
    (inspect.signature plus pickling): under 25 concurrent sessions that was a fifth of a warm
    run (bench/analyse.md). As in Streamlit: one computation per key at a time (others wait for
    its result), a time to live, and at most `max_entries` entries (least recently used go)."""

    def __init__(self, f, ttl: float, max_entries: int):
        self.f = f
        self.ttl, self.max_entries = ttl, max_entries
        names = list(inspect.signature(f).parameters)
        self._overslaan = frozenset(i for i, name in enumerate(names) if name.startswith("_"))
        self._items: OrderedDict = OrderedDict()  # key -> (time, value)
        self._lock = threading.Lock()
        self._bezig: dict = {}  # key -> lock held while one thread computes it

    def _sleutel(self, args: tuple, kwargs: dict) -> tuple:
        return (tuple(a for i, a in enumerate(args) if i not in self._overslaan),
                tuple(sorted((k, v) for k, v in kwargs.items() if not k.startswith("_"))))

    def _lees(self, key):
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            if time.monotonic() - item[0] > self.ttl:
                del self._items[key]
                return None
            self._items.move_to_end(key)
            return item

    def __call__(self, *args, **kwargs):
        key = self._sleutel(args, kwargs)
        if (item := self._lees(key)) is not None:
            return item[1]
        with self._lock:
            bezig = self._bezig.setdefault(key, threading.Lock())
        with bezig:
            if (item := self._lees(key)) is not None:  # computed while we waited
                return item[1]
            try:
                value = self.f(*args, **kwargs)
            except BaseException:
                with self._lock:
                    self._bezig.pop(key, None)
                raise
            with self._lock:  # stored and no longer "being computed" in one step
                self._items[key] = (time.monotonic(), value)
                while len(self._items) > self.max_entries:
                    self._items.popitem(last=False)
                self._bezig.pop(key, None)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


def frame_cache(function=None, *, max_entries: int = MAX_ENTRIES, inhoud: bool = False):
    """Cache a KPI function for every session (GedeeldeCache, with the dashboard's ttl), remembered
    by name so that wis_caches() can empty it and a page script, which decorates its functions
    again on every run, keeps its entries. With `inhoud`, for arguments Python cannot hash
    (frames, whose content is the key): st.cache_resource, which hashes them by content."""
    def decorate(f):
        naam = f"{f.__module__}.{f.__qualname__}"
        cached = _FIGUUR_CACHES.get(naam)
        if isinstance(cached, GedeeldeCache) and not inhoud:
            cached.f = f  # the same code, decorated again by a page run
            return cached
        cached = (st.cache_resource(ttl=TTL, max_entries=max_entries, show_spinner=False)(f) if inhoud
                  else GedeeldeCache(f, TTL, max_entries))
        _FIGUUR_CACHES[naam] = cached
        return cached
    return decorate(function) if function else decorate


def _afgeleid(sleutel: tuple, _functie, _args: tuple, _kwargs: dict, _frames: tuple):
    return _frames, _functie(*_args, **_kwargs)  # the entry holds its input frames


_AFGELEID = GedeeldeCache(_afgeleid, TTL, 2 * MAX_ENTRIES)


_FIGUUR_CACHES[f"{__name__}._afgeleid"] = _AFGELEID


def afgeleid(functie, *args, **kwargs):
    """functie(*args, **kwargs), computed once for the same input frames and equal other
    arguments. The KPI frames come from the shared caches, so the same selection gives the same
    frame objects; a view of them (a count, a list, a chart's table) then needs no work on the
    next run. Frames are keyed by identity; an entry holds its input frames, so their ids cannot
    be reused by other frames while it exists. Other arguments must be hashable."""
    def sleutel(value):
        return ("frame", id(value)) if isinstance(value, pl.DataFrame) else value

    frames = tuple(a for a in (*args, *kwargs.values()) if isinstance(a, pl.DataFrame))
    key = (functie.__module__, functie.__qualname__, tuple(sleutel(a) for a in args),
           tuple(sorted((k, sleutel(v)) for k, v in kwargs.items())))
    return _AFGELEID(key, functie, args, kwargs, frames)[1]


def wis_caches() -> None:
    """Drop every cached figure and chart (after an import or restore; entries are keyed by the
    database file anyway, so this only frees memory sooner). The database handle stays."""
    for cached in _FIGUUR_CACHES.values():
        cached.clear()
