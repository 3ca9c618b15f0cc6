from doorstep.tui.widgets.cells import fit, pad
from rich.cells import cell_len


def test_fit_counts_chinese_characters_as_two_cells() -> None:
    assert fit("张三丰", 6) == "张三丰"
    assert fit("张三丰", 5) == "张三…"
    assert cell_len(fit("残疾军人家属", 7)) <= 7


def test_pad_always_gives_the_exact_width() -> None:
    for text in ("", "abc", "张三", "老复员军人ABC", "x" * 40):
        for width in (1, 4, 7, 12):
            assert cell_len(pad(text, width)) == width
