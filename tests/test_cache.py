"""The dashboard's shared cache (kpi.presentation.cache.GedeeldeCache / frame_cache)."""

from __future__ import annotations

import threading
import time

from kpi.presentation import cache as pcache


def _teller():
    calls = []

    def f(_db, key: tuple, x: int, y: str = "a"):
        calls.append((x, y))
        time.sleep(0.05)
        return object()

    return f, calls


def test_key_is_the_arguments_without_underscored_ones():
    f, calls = _teller()
    cache = pcache.GedeeldeCache(f, ttl=60, max_entries=10)
    a = cache("db1", ("file", 1), 1)
    assert cache("another handle", ("file", 1), 1) is a  # _db is not part of the key
    assert cache("db1", ("file", 2), 1) is not a  # another file (stamp): another entry
    assert cache("db1", ("file", 1), 1, y="b") is not a
    assert len(calls) == 3


def test_one_computation_per_key_at_a_time():
    f, calls = _teller()
    cache = pcache.GedeeldeCache(f, ttl=60, max_entries=10)
    results = []
    threads = [threading.Thread(target=lambda: results.append(cache(None, (), 7))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1 and all(r is results[0] for r in results)


def test_least_recently_used_go_and_entries_expire():
    f, calls = _teller()
    cache = pcache.GedeeldeCache(f, ttl=60, max_entries=2)
    one = cache(None, (), 1)
    cache(None, (), 2)
    cache(None, (), 1)  # 1 used again: 2 is now the oldest
    cache(None, (), 3)
    assert cache(None, (), 1) is one and len(calls) == 3
    cache(None, (), 2)
    assert len(calls) == 4
    cache.ttl = 0
    cache(None, (), 2)
    assert len(calls) == 5
    cache.clear()


def test_an_error_is_not_cached():
    attempts = []

    def f(x):
        attempts.append(x)
        if len(attempts) == 1:
            raise RuntimeError("eerste keer mis")
        return x

    cache = pcache.GedeeldeCache(f, ttl=60, max_entries=2)
    try:
        cache(1)
    except RuntimeError:
        pass
    assert cache(1) == 1 and cache(1) == 1 and len(attempts) == 2


def test_a_page_that_decorates_again_keeps_its_entries_and_wis_caches_empties_them():
    def make():
        calls = []

        def _figuur(_db, key: tuple) -> list:
            calls.append(key)
            return [key]
        return _figuur, calls

    f1, calls1 = make()
    cached = pcache.frame_cache(f1)
    cached(None, ("x",))
    f2, calls2 = make()  # the page script runs again: the same function, decorated again
    again = pcache.frame_cache(f2)
    assert again is cached and again(None, ("x",)) == [("x",)] and not calls2
    pcache.wis_caches()
    again(None, ("x",))
    assert calls2 == [("x",)]
