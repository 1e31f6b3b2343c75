"""The SQLite index of a brief folder: tables, full-text search, incremental updates, the SQL queries, the CLI."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from test_changes import DAY1, DAY2, DAY3, DAY4, brief, drone_patrols, the_days, write_briefs

from summarizer import cli
from summarizer.io.index import INDEX_FORMAT, QUERIES, update_index

TABLES = {"briefs", "authorisations", "authorisation_instruments", "exclusions", "sources", "quotes", "unverified"}


def rows(db_path: Path, sql: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    # A plain sqlite3 connection: what any other tool (Datasette included) sees, no sqlite-utils functions.
    with sqlite3.connect(db_path) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(sql, params or {})]


def counts(db_path: Path) -> dict[str, int]:
    return {t: rows(db_path, f"select count(*) as n from {t}")[0]["n"] for t in sorted(TABLES)}


@pytest.fixture
def indexed(tmp_path: Path) -> tuple[Path, Path]:
    folder = write_briefs(tmp_path / "briefs", the_days())
    db_path = tmp_path / "briefs.db"
    report = update_index(folder, db_path)
    assert report.inserted == 6 and not report.skipped
    return folder, db_path


def test_every_section_has_its_table_linked_to_the_brief(indexed: tuple[Path, Path]) -> None:
    _, db_path = indexed
    assert counts(db_path) == {
        "authorisation_instruments": 6,
        "authorisations": 5,
        "briefs": 6,
        "exclusions": 2,
        "quotes": 1,
        "sources": 6,
        "unverified": 1,
    }
    db = sqlite_utils.Database(db_path)
    for table in TABLES - {"briefs"}:
        fks = {(fk.column, fk.other_table, fk.other_column) for fk in db.table(table).foreign_keys}
        assert ("brief_id", "briefs", "id") in fks, table
    assert rows(db_path, "pragma foreign_key_check") == []
    (revoked,) = rows(db_path, "select * from authorisations where status = 'revoked'")
    assert revoked["brief_id"] == "d4-revoked" and revoked["date"] == "2025-03-06"
    assert revoked["instruments"] == "Kestrel patrol boats"
    assert revoked["evidence_text"] == "The ministry withdrew its approval for the Kestrel boats on Thursday."
    (unverified,) = rows(db_path, "select * from unverified")
    assert (unverified["brief_id"], unverified["status"], unverified["reason"]) == (
        "d3-restated",
        "revoked",
        "confidence 0.31 < 0.55",
    )
    assert rows(db_path, "select value from index_meta where key = 'format'") == [{"value": INDEX_FORMAT}]


def test_full_text_search_over_headlines_actions_and_quotes(indexed: tuple[Path, Path]) -> None:
    _, db_path = indexed
    headlines = rows(
        db_path,
        "select b.id from briefs b join briefs_fts f on f.rowid = b.rowid where briefs_fts match :q order by b.id",
        {"q": "kestrel"},
    )
    assert [r["id"] for r in headlines] == ["d2-boats", "d4-revoked"]
    actions = rows(
        db_path,
        "select a.brief_id from authorisations a join authorisations_fts f on f.rowid = a.rowid "
        "where authorisations_fts match :q",
        {"q": "fuel surcharge"},
    )
    assert [r["brief_id"] for r in actions] == ["d2-surcharge"]
    said = rows(db_path, "select rowid from quotes_fts where quotes_fts match 'watched'")
    assert len(said) == 1


def test_reindexing_reads_only_new_and_changed_briefs(indexed: tuple[Path, Path]) -> None:
    folder, db_path = indexed
    before = rows(db_path, "select id, rowid from briefs order by id")

    report = update_index(folder, db_path)
    assert (report.added, report.changed, report.removed, report.unchanged) == ([], [], [], 6)

    later = brief(
        "d5-drones",
        dt.date(2025, 3, 7),
        headline="Drones still over the strait",
        authorisations=[drone_patrols("Heron drones still watch the strait.")],
    )
    write_briefs(folder, [later])
    report = update_index(folder, db_path)
    assert (report.added, report.changed, report.removed, report.unchanged) == (["d5-drones"], [], [], 6)
    # The briefs already indexed keep their rows: nothing was deleted and inserted again.
    assert [r for r in rows(db_path, "select id, rowid from briefs order by id") if r["id"] != "d5-drones"] == before
    assert len(rows(db_path, "select * from authorisations where brief_id = 'd5-drones'")) == 1


def test_a_changed_brief_is_replaced_and_a_deleted_one_removed(indexed: tuple[Path, Path]) -> None:
    folder, db_path = indexed
    changed = next(b for b in the_days() if b.article.id == "d1-drones")
    changed = changed.model_copy(update={"headline": "Coastal Guard cleared to fly Heron drones", "quotes": []})
    write_briefs(folder, [changed])
    (folder / "d2-surcharge.json").unlink()

    report = update_index(folder, db_path)
    assert (report.added, report.changed, report.removed) == ([], ["d1-drones"], ["d2-surcharge"])
    assert rows(db_path, "select headline from briefs where id = 'd1-drones'") == [
        {"headline": "Coastal Guard cleared to fly Heron drones"}
    ]
    assert rows(db_path, "select * from quotes") == []
    assert rows(db_path, "select * from authorisations where brief_id = 'd2-surcharge'") == []
    assert rows(db_path, "select * from authorisation_instruments where brief_id = 'd2-surcharge'") == []
    # The full-text index follows: the removed brief and the old wording are no longer found.
    assert rows(db_path, "select rowid from authorisations_fts where authorisations_fts match 'surcharge'") == []
    assert rows(db_path, "select rowid from quotes_fts where quotes_fts match 'watched'") == []
    assert len(rows(db_path, "select rowid from briefs_fts where briefs_fts match 'heron'")) == 1


def test_a_touched_but_equal_file_is_not_reindexed(indexed: tuple[Path, Path]) -> None:
    folder, db_path = indexed
    path = folder / "d3-limit.json"
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    report = update_index(folder, db_path)
    assert report.changed == [] and report.unchanged == 6
    assert rows(db_path, "select file_mtime_ns from briefs where id = 'd3-limit'") == [
        {"file_mtime_ns": stat.st_mtime_ns + 5_000_000_000}
    ]


def test_a_file_that_is_no_brief_is_skipped_with_its_reason(indexed: tuple[Path, Path]) -> None:
    folder, db_path = indexed
    (folder / "notes.json").write_text('{"headline": "not a brief"}', encoding="utf-8")
    (folder / "d3-limit.json").write_text("{", encoding="utf-8")
    report = update_index(folder, db_path)
    reasons = sorted(str(p) for p in report.skipped)
    assert reasons[0].startswith(f"{folder / 'd3-limit.json'}: Invalid JSON")
    assert reasons[1] == f"{folder / 'notes.json'}: not a brief: prompt_version: Field required"
    # A brief whose file is now unreadable is no longer in the index.
    assert report.removed == ["d3-limit"]
    assert rows(db_path, "select * from exclusions where brief_id = 'd3-limit'") == []


def test_decisions_by_instrument_in_date_order(indexed: tuple[Path, Path]) -> None:
    _, db_path = indexed
    found = rows(db_path, QUERIES["decisions_by_instrument"], {"instrument": "kestrel"})
    assert [(r["date"], r["brief"], r["status"]) for r in found] == [
        ("2025-03-04", "d2-boats", "granted"),
        ("2025-03-06", "d4-revoked", "revoked"),
    ]
    heron = rows(db_path, QUERIES["decisions_by_instrument"], {"instrument": "Heron"})
    # One row per decision, even when it names several matching instruments.
    assert [r["brief"] for r in heron] == ["d1-drones", "d2-boats", "d3-restated"]


def test_quotes_by_speaker(indexed: tuple[Path, Path]) -> None:
    _, db_path = indexed
    found = rows(db_path, QUERIES["quotes_by_speaker"], {"speaker": "talvik"})
    assert [(r["date"], r["speaker"], r["text"]) for r in found] == [
        ("2025-03-03", "Mira Talvik", "The strait must be watched day and night.")
    ]
    assert rows(db_path, QUERIES["quotes_by_speaker"], {"speaker": "Nobody"}) == []


def test_exclusions_by_date(indexed: tuple[Path, Path]) -> None:
    _, db_path = indexed
    found = rows(db_path, QUERIES["exclusions_by_date"], {"since": DAY2.isoformat(), "until": DAY4.isoformat()})
    assert [(r["date"], r["brief"]) for r in found] == [("2025-03-05", "d3-limit"), ("2025-03-06", "d4-revoked")]
    only = rows(db_path, QUERIES["exclusions_by_date"], {"since": DAY1.isoformat(), "until": DAY3.isoformat()})
    assert [r["what"] for r in only] == ["Patrols inside Southland territorial waters"]


def test_an_index_of_another_format_is_rebuilt(indexed: tuple[Path, Path]) -> None:
    folder, db_path = indexed
    with sqlite3.connect(db_path) as conn:
        conn.execute("update index_meta set value = '0' where key = 'format'")
    report = update_index(folder, db_path)
    assert report.inserted == 6 and counts(db_path)["briefs"] == 6


def test_index_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_briefs(tmp_path / "briefs", the_days())
    db_path = tmp_path / "out" / "briefs.db"
    assert cli.main(["index", str(folder), "--db", str(db_path)]) == 0
    assert "6 added, 0 updated, 0 removed, 0 unchanged" in capsys.readouterr().err
    assert cli.main(["index", str(folder), "--db", str(db_path)]) == 0
    assert "0 added, 0 updated, 0 removed, 6 unchanged" in capsys.readouterr().err


def test_index_command_bad_input_is_one_line_each(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["index", str(tmp_path / "missing"), "--db", str(tmp_path / "x.db")]) == 1
    error = capsys.readouterr().err
    assert f"{tmp_path / 'missing'}: no such folder" in error and error.count("\n") == 1

    folder = write_briefs(tmp_path / "briefs", the_days())
    not_a_db = tmp_path / "notes.db"
    not_a_db.write_text("these are my notes, not a database\n" * 100, encoding="utf-8")
    assert cli.main(["index", str(folder), "--db", str(not_a_db)]) == 1
    error = capsys.readouterr().err
    assert f"{not_a_db}: file is not a database" in error and error.count("\n") == 1

    (folder / "broken.json").write_text("[]", encoding="utf-8")
    assert cli.main(["index", str(folder), "--db", str(tmp_path / "ok.db")]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].startswith(f"summarizer: skipped {folder / 'broken.json'}: ")
    assert "6 added" in lines[1]
