"""The forms a merge checks visits against (sync.form_fit.OfficeForms): each read when a visit
names it, and the same forms as reading every source at once gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from doorstep.storage.home import Home
from doorstep.survey import builtin
from doorstep.survey.builtin import BUILTIN_IDS, FORMS_DIR, builtin_forms
from doorstep.survey.form import Form, load_form, load_form_text
from doorstep.sync import form_fit
from doorstep.sync.assignment import CUSTOM_FORMS_DIR
from doorstep.sync.form_fit import office_forms
from doorstep.sync.tables import SENT_FORMS

HOME_CARE = (FORMS_DIR / "home_care.toml").read_text(encoding="utf-8")


@pytest.fixture
def office_home(tmp_path: Path) -> Home:
    return Home.create(tmp_path / "office", "office", name="Town office")


def _every_source(home: Home, store: object) -> dict[tuple[str, str], Form]:
    """What the office knew before its forms were read lazily: the forms sent (oldest first),
    then its folder's, then the built-in ones, each later one winning."""
    forms: dict[tuple[str, str], Form] = {}
    for row in store.table(SENT_FORMS).all():  # type: ignore[attr-defined]
        try:
            form = load_form_text(row["source"], f"{row['id']}.toml")
        except Exception:  # noqa: BLE001
            continue
        forms[(form.id, str(form.version))] = form
    for path in sorted((home.path / CUSTOM_FORMS_DIR).glob("*.toml")):
        form = load_form(path)
        forms[(form.id, str(form.version))] = form
    for form in builtin_forms().values():
        forms[(form.id, str(form.version))] = form
    return forms


def _shape(form: Form) -> tuple[str, str, str, list[str]]:
    return form.id, str(form.version), form.title("en"), [q.name for q in form.rows]


def test_a_built_in_form_s_id_is_its_file_s_name() -> None:
    assert all(form.id == form_id for form_id, form in builtin_forms().items())
    assert set(BUILTIN_IDS) == {p.stem for p in FORMS_DIR.glob("*.toml")}


def test_each_form_is_the_one_every_source_gives(office_home: Home) -> None:
    folder = office_home.path / CUSTOM_FORMS_DIR
    folder.mkdir()
    (folder / "heat.toml").write_text(HOME_CARE.replace('id = "home_care"', 'id = "heat"'), encoding="utf-8")
    # The folder's text of a form also sent wins; a built-in form wins over both.
    (folder / "older.toml").write_text(HOME_CARE.replace('version = "2026.1"', 'version = "2025.1"').replace(
        "Home elderly-care service visit", "Home care, as the folder says"), encoding="utf-8")
    (folder / "shadow.toml").write_text(HOME_CARE.replace("Home elderly-care service visit", "Not built in"),
                                        encoding="utf-8")
    with office_home.writer() as store:
        store.table(SENT_FORMS).insert_multiple([
            {"id": "home_care", "source": HOME_CARE.replace('version = "2026.1"', 'version = "2025.1"')},
            {"id": "home_care", "source": HOME_CARE.replace('version = "2026.1"', 'version = "2024.1"')},
            {"id": "broken", "source": "not toml ["},
        ])
    store = office_home.reader()
    try:
        expected = _every_source(office_home, store)
        forms = office_forms(office_home, store)
        for key, form in expected.items():
            assert _shape(forms[key]) == _shape(form), key
        assert forms[("home_care", "2025.1")].title("en") == "Home care, as the folder says"
        assert forms[("home_care", "2026.1")].title("en") == "Home elderly-care service visit"
        assert forms.get(("home_care", "1999.9")) is None and ("nope", "1") not in forms
        with pytest.raises(KeyError):
            forms[("heat", "1999.9")]
        assert {k: _shape(f) for k, f in office_forms(office_home, store).items()} == {
            k: _shape(f) for k, f in expected.items()}
    finally:
        store.close()


def test_a_merge_of_one_form_s_visits_reads_that_form_alone(office_home: Home,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import doorstep.survey.form as survey_form

    read: list[str] = []
    real = survey_form.load_form

    def reading(path: str | Path) -> Form:
        read.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(survey_form, "load_form", reading)
    monkeypatch.setattr(survey_form, "load_form_text", lambda *a: pytest.fail("read the forms sent"))
    monkeypatch.setattr(builtin, "builtin_forms", _uncached(builtin.builtin_forms))
    form_fit._read_builtin.cache_clear()
    store = office_home.reader()
    try:
        forms = office_forms(office_home, store)
        assert forms[("home_care", "2026.1")].id == "home_care"
        assert forms[("verification", "2026.1")].id == "verification"
        assert read == ["home_care.toml", "verification.toml"]
    finally:
        store.close()
        form_fit._read_builtin.cache_clear()


def _uncached(cached: object) -> object:
    """builtin_forms as if no one in this process had read the built-in forms yet."""
    def builtin_forms_() -> dict[str, Form]:
        return cached.__wrapped__()  # type: ignore[attr-defined, no-any-return]

    builtin_forms_.cache_info = lambda: type("Info", (), {"currsize": 0})()  # type: ignore[attr-defined]
    return builtin_forms_
