"""The garbage collector's policies: builds and checks run without automatic full collections, the thresholds come
back afterwards, and the command freezes its heap before exiting."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from listingpreview import cli, heap
from listingpreview.pipeline import Builder, build


@pytest.fixture
def eager_gc():
    """Thresholds that make Python start a full collection after every young one: any build would run dozens."""
    before = gc.get_threshold()
    gc.set_threshold(100, 1, 1)
    seen: list[int] = []

    def note(phase: str, info: dict) -> None:
        if phase == "start":
            seen.append(info["generation"])

    gc.callbacks.append(note)
    try:
        yield seen
    finally:
        gc.callbacks.remove(note)
        gc.set_threshold(*before)


def churn() -> None:
    """Enough container objects to trigger young collections (and full ones at the eager thresholds)."""
    keep = []
    for i in range(20_000):
        keep.append({"i": [i]})


def test_full_collections_wait_for_the_end_of_the_pause(eager_gc):
    with heap.full_collections_paused():
        assert gc.get_threshold() == (100, 1, heap.PAUSED)
        churn()
    assert 2 not in eager_gc and 0 in eager_gc  # young collections went on; full ones did not
    assert gc.get_threshold() == (100, 1, 1)
    churn()
    assert 2 in eager_gc  # the same work outside the pause does start full collections


def test_the_thresholds_come_back_after_an_error(eager_gc):
    with pytest.raises(ValueError), heap.full_collections_paused():
        raise ValueError("a build that fails")
    assert gc.get_threshold() == (100, 1, 1)


def test_a_build_and_a_check_run_no_full_collection(eager_gc, site: Path, tmp_path: Path):
    result = build(site, tmp_path / "out")
    assert result.offers == 3 and not result.up_to_date
    diags, offers = Builder(site, use_cache=False).check()
    assert offers == 3 and [d.code for d in diags] == [d.code for d in result.diagnostics]
    assert 0 in eager_gc and 2 not in eager_gc
    assert gc.get_threshold() == (100, 1, 1)


def test_the_command_freezes_its_heap_before_it_exits(monkeypatch):
    calls: list[str] = []
    monkeypatch.setattr(heap, "freeze_for_exit", lambda: calls.append("frozen"))
    monkeypatch.setattr("sys.argv", ["listingpreview", "--version"])
    with pytest.raises(SystemExit) as done:
        cli.run()
    assert done.value.code == 0 and calls == ["frozen"]
