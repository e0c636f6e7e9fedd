"""The README documents every setting and keeps its two commands."""

from pathlib import Path

from dashboard.config import documented_settings

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


def test_every_setting_is_documented_in_the_readme() -> None:
    missing = [env for env, _default, _help in documented_settings() if f"`{env}`" not in README]
    assert missing == []


def test_readme_table_has_no_setting_the_code_lacks() -> None:
    table = README.split("<!-- settings:start -->")[1].split("<!-- settings:end -->")[0]
    documented = {line.split("`")[1] for line in table.splitlines() if line.startswith("| `")}
    assert documented == {env for env, _default, _help in documented_settings()}


def test_readme_shows_the_run_and_test_commands() -> None:
    assert "make run" in README
    assert "make test" in README
