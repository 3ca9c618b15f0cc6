"""Point 1 of issue 16: no Textual stylesheet can reach doorstep's own widgets.

Textual's CSS matches a type selector against every class name in a widget's MRO. A doorstep
widget named like one of Textual's (the command palette's `CommandList`, whose DEFAULT_CSS
hides it) was hidden for the rest of the session once the palette had been opened."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import doorstep.tui
import textual
from doorstep.tui.forms import KINDS
from doorstep.tui.screens.checklist import REPEAT_TYPES, ChecklistScreen
from doorstep.tui.screens.household import DraftOpenDialog
from doorstep.tui.screens.review import ReviewScreen
from textual.command import CommandPalette
from textual.widget import Widget
from tui_helpers import scan, type_keys
from tui_homes import IDS


def widget_classes(package) -> dict[str, str]:  # noqa: ANN001 - a package module
    found = {}
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        try:
            module = importlib.import_module(info.name)
        except ImportError:  # an optional extra of textual's (e.g. tree-sitter) not installed
            continue
        for obj in vars(module).values():
            if inspect.isclass(obj) and issubclass(obj, Widget) and obj.__module__ == module.__name__:
                found[obj.__name__] = module.__name__
    return found


def test_no_doorstep_widget_shares_a_name_with_a_textual_widget() -> None:
    ours = widget_classes(doorstep.tui)
    theirs = widget_classes(textual)
    assert "CommandList" in theirs  # the walk does see Textual's widgets
    assert {name: ours[name] for name in set(ours) & set(theirs)} == {}


def visible_answer(app) -> str:  # noqa: ANN001 - DoorstepApp
    """The answer widget's text as drawn on screen (empty if it is hidden)."""
    answer = app.screen.query_one("#answer")
    widgets = [w for w in answer.children if w.display]
    assert widgets, "no answer widget"
    widget = widgets[0]
    if not widget.visible or widget.region.height == 0:
        return ""
    lines = [widget.render_line(y).text for y in range(widget.region.height)]
    return "\n".join(lines).strip()


async def test_after_the_palette_every_kind_of_question_still_shows_its_answer(
    home_path, make_app, clock
) -> None:
    app = make_app(home_path)
    async with app.run_test(size=(80, 24)) as pilot:
        # the sequence of the report: a condolence visit, the palette, back to the money step
        await scan(pilot, IDS[3], clock)
        await type_keys(pilot, "3", "1", "enter")
        assert app.screen.slot == ("items",)
        await type_keys(pilot, "ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await type_keys(pilot, "escape", "pageup", "pagedown")
        assert app.screen.slot == ("items",)
        assert "1. " in visible_answer(app)  # the numbered choices of the repeat
        await type_keys(pilot, "1")  # the number key adds an entry
        assert app.screen.slot[:2] == ("items", 0)
        await type_keys(pilot, "escape")

        # then every question of every kind of visit, each with its answer drawn
        shown = set()
        for n, kind in enumerate(KINDS, start=1):
            await type_keys(pilot, str(n))
            if isinstance(app.screen, DraftOpenDialog):  # the condolence visit begun above
                await type_keys(pilot, "2")
            screen = app.screen
            assert isinstance(screen, ChecklistScreen) and screen.form.id == kind
            visited = set()
            while app.screen is screen and screen.slot not in visited:
                visited.add(screen.slot)
                item = screen.current()
                assert visible_answer(app), f"{kind}: {item.slot} ({item.type}) shows nothing"
                shown.update(type(w).__name__ for w in screen.query_one("#answer").children)
                if item.type in REPEAT_TYPES and not int(item.value or 0):
                    await type_keys(pilot, "1")  # add an entry, so that its questions come too
                else:
                    await type_keys(pilot, "pagedown")
            while isinstance(app.screen, ReviewScreen) or app.screen is screen:
                await type_keys(pilot, "escape")
        assert {
            "DoorstepAnswerInput",
            "DoorstepChoiceList",
            "DoorstepMultiChoiceList",
            "DoorstepCommandList",
        } <= shown
