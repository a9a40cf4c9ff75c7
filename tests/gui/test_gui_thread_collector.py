"""The cyclic garbage collector runs on the GUI thread only, at Python's own thresholds."""
import gc
import threading


def test_no_collection_starts_in_a_background_thread(collector_on_the_gui_thread):
    assert not gc.isenabled()
    seen = []
    gc.callbacks.append(lambda phase, info: seen.append(threading.current_thread().name))
    try:
        def make_cycles() -> None:
            for _ in range(20_000):
                cycle: list = []
                cycle.append(cycle)
        worker = threading.Thread(target=make_cycles, name="background")
        worker.start()
        worker.join()
        assert "background" not in seen
        assert collector_on_the_gui_thread.collect_due() is not None  # gen 0 far past its threshold
        assert seen and set(seen) == {threading.main_thread().name}
    finally:
        gc.callbacks.pop()


def test_the_oldest_generation_due_is_collected(collector_on_the_gui_thread, monkeypatch):
    collector = collector_on_the_gui_thread
    monkeypatch.setattr(gc, "get_count", lambda: (800, 11, 0))
    collected = []
    monkeypatch.setattr(gc, "collect", lambda generation=2: collected.append(generation))
    assert collector.collect_due() == 1 and collected == [1]
    monkeypatch.setattr(gc, "get_count", lambda: (5, 0, 0))
    assert collector.collect_due() is None and collected == [1]


def test_stopping_gives_the_collector_back(qapp):
    from registry_app.gui.gui_thread_collector import GuiThreadCollector
    # (the autouse fixture's collector is running: this one starts from a disabled collector)
    inner = GuiThreadCollector(qapp)
    inner.stop()
    assert not gc.isenabled()  # as it found it
    gc.enable()
    try:
        outer = GuiThreadCollector(qapp)
        assert not gc.isenabled()
        outer.stop()
        assert gc.isenabled()
    finally:
        gc.disable()  # the autouse fixture's collector owns it again
