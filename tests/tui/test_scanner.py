"""The scanner-burst detector on its own: bursts, human typing, and the two mixed."""

from __future__ import annotations

from doorstep.tui.scanner import ScanDetector


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _detector(clock: FakeClock, **kw) -> ScanDetector[str]:
    return ScanDetector(max_gap=0.04, min_length=5, clock=clock, **kw)


def _type(det: ScanDetector[str], clock: FakeClock, text: str, gap: float, enter: bool = True):
    """Feed `text` (then Enter) with `gap` seconds between keys; collect what comes out."""
    released: list[str] = []
    scans: list[str] = []
    keys = [(c, c) for c in text] + ([("enter", None)] if enter else [])
    for i, (key, char) in enumerate(keys):
        clock.now += gap
        out = det.feed(f"{i}:{key}", key, char)
        released.extend(out.release)
        if out.scan:
            scans.append(out.scan)
    return released, scans


def test_a_fast_burst_ending_in_enter_is_a_scan_and_nothing_reaches_the_focus() -> None:
    clock = FakeClock()
    det = _detector(clock)
    released, scans = _type(det, clock, "7K3M9QX4", gap=0.004)
    assert scans == ["7K3M9QX4"]
    assert released == []
    assert not det.holding


def test_human_typing_is_never_a_scan_and_arrives_in_order() -> None:
    clock = FakeClock()
    det = _detector(clock)
    released, scans = _type(det, clock, "hello123", gap=0.18)
    assert scans == []
    assert [r.split(":")[1] for r in released] == list("hello123") + ["enter"]


def test_a_held_key_is_released_by_expiry_once_its_gap_has_passed() -> None:
    clock = FakeClock()
    det = _detector(clock)
    assert det.feed("a", "a", "a").release == ()
    assert det.holding
    clock.now += 0.02
    assert det.expire() == ()  # still within the gap: a scanner might be typing
    clock.now += 0.03
    assert det.expire() == ("a",)
    assert not det.holding and det.deadline() is None


def test_a_fast_burst_that_is_too_short_is_typing() -> None:
    clock = FakeClock()
    det = _detector(clock)
    released, scans = _type(det, clock, "12", gap=0.005)  # a person's key rollover
    assert scans == []
    assert [r.split(":")[1] for r in released] == ["1", "2", "enter"]


def test_a_burst_whose_enter_comes_late_is_typing() -> None:
    clock = FakeClock()
    det = _detector(clock)
    released, scans = _type(det, clock, "7K3M9QX4", gap=0.004, enter=False)
    assert released == [] and scans == []
    clock.now += 0.5
    out = det.feed("enter", "enter", None)
    assert out.scan is None
    assert [r.split(":")[-1] for r in out.release] == list("7K3M9QX4") + ["enter"]


def test_a_pause_inside_a_burst_splits_it() -> None:
    clock = FakeClock()
    det = _detector(clock)
    out = []
    for ch in "ABC":
        clock.now += 0.004
        out.extend(det.feed(ch, ch, ch).release)
    clock.now += 0.3  # a person stops, then a scanner fires
    for ch in "7K3M9":
        clock.now += 0.004
        out.extend(det.feed(ch, ch, ch).release)
    clock.now += 0.004
    result = det.feed("enter", "enter", None)
    assert out == ["A", "B", "C"]
    assert result.scan == "7K3M9"


def test_typing_then_a_scan_then_typing_again() -> None:
    clock = FakeClock()
    det = _detector(clock)
    before, s1 = _type(det, clock, "note", gap=0.2, enter=False)
    clock.now += 0.3
    mid, s2 = _type(det, clock, "9QX4ABCD", gap=0.003)
    clock.now += 0.4
    after, s3 = _type(det, clock, "ok", gap=0.25)
    assert s1 == [] and s2 == ["9QX4ABCD"] and s3 == []
    typed = [r.split(":")[1] for r in before + mid + after]
    assert typed == list("note") + list("ok") + ["enter"]


def test_other_keys_release_what_is_held_before_themselves() -> None:
    clock = FakeClock()
    det = _detector(clock)
    clock.now += 0.01
    det.feed("x", "x", "x")
    clock.now += 0.01
    out = det.feed("tab", "tab", None)
    assert out.release == ("x", "tab")
    assert out.scan is None


def test_wide_or_non_ascii_characters_are_never_held() -> None:
    clock = FakeClock()
    det = _detector(clock)
    out = det.feed("zh", "张", "张")
    assert out.release == ("zh",)
    out = det.feed("fw", "７", "７")  # a full-width digit from a Chinese input method
    assert out.release == ("fw",)


def test_flush_releases_everything_whatever_the_time() -> None:
    clock = FakeClock()
    det = _detector(clock)
    det.feed("a", "a", "a")
    det.feed("b", "b", "b")
    assert det.flush() == ("a", "b")
    assert det.flush() == ()


def test_min_length_and_gap_are_respected_at_their_edges() -> None:
    clock = FakeClock()
    det = ScanDetector(max_gap=0.05, min_length=3, clock=clock)
    _, scans = _type(det, clock, "ABC", gap=0.049)
    assert scans == ["ABC"]
    _, scans = _type(det, clock, "ABC", gap=0.051)
    assert scans == []
