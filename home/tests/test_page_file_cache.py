"""The embedded page cache (files, no Redis) does not slow down as it fills."""

from unittest import mock

from home.page_cache import PageFileCache


def _cache(folder, max_entries):
    return PageFileCache(str(folder), {"OPTIONS": {"MAX_ENTRIES": max_entries, "CULL_FREQUENCY": 3}})


def test_writes_do_not_list_the_whole_folder_each_time(tmp_path):
    """Django's file cache listed every cached page on every write to decide whether to cull."""
    cache = _cache(tmp_path, max_entries=10_000)
    listed = mock.Mock(wraps=cache._list_cache_files)
    with mock.patch.object(cache, "_list_cache_files", listed):
        for n in range(300):
            cache.set(f"page-{n}", "<html>…</html>")
    assert listed.call_count <= 300 // PageFileCache.CULL_CHECK_EVERY + 1
    assert cache.get("page-299") == "<html>…</html>"


def test_it_still_culls_when_full(tmp_path):
    cache = _cache(tmp_path, max_entries=500)
    for n in range(1500):
        cache.set(f"page-{n}", "x")
    kept = len(cache._list_cache_files())
    assert kept <= 500 + PageFileCache.CULL_CHECK_EVERY, kept
