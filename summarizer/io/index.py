"""A SQLite index of a folder of briefs, for SQL, full-text search and Datasette.

The folder stays the source of truth: the database is derived from it and can be deleted and
rebuilt at any time. `update_index` only reads the brief files that are new or changed since the
last run (by size and modification time, then by content hash) and removes the rows of briefs
whose file is gone, so re-indexing a folder that grows by a day's briefs stays quick.

Every table is a plain table with declared foreign keys to `briefs`, and the full-text indexes
are sqlite-utils' FTS5 tables kept in step by triggers, so Datasette opens the file as it is.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from summarizer.briefing.events import brief_date
from summarizer.errors import LoadError
from summarizer.io.store import StrPath, parse_brief
from summarizer.models import Authorisation, Brief, Evidence, Exclusion

__all__ = ["INDEX_FORMAT", "QUERIES", "IndexReport", "index_briefs", "update_index"]

# Raised whenever a table or column changes meaning: an index of another format is rebuilt whole.
INDEX_FORMAT = "1"

_ROW = dict[str, Any]
_BRIEF_FK = [("brief_id", "briefs", "id")]
_DECISION = {
    "authoriser": str,
    "authorised": str,
    "action": str,
    "instruments": str,
    "scope": str,
    "conditions": str,
    "status": str,
}
_LIMIT = {"what": str, "applies_to": str, "stated_by": str}
_EVIDENCE = {"confidence": float, "evidence_text": str, "evidence": str}
_CHILD = {"id": int, "brief_id": str, "date": str, "position": int}
# Table -> columns, in creation order (children after `briefs`, which they point to).
_TABLES: dict[str, dict[str, type]] = {
    "briefs": {
        "id": str,  # the file's stem, as `load_briefs` keys briefs
        "file": str,
        "date": str,
        "headline": str,
        "summary": str,
        "article_id": str,
        "title": str,
        "source": str,
        "url": str,
        "published": str,
        "event_date": str,
        "article_sha256": str,
        "prompt_version": str,
        "schema_version": str,
        "model": str,
        "file_sha256": str,
        "file_size": int,
        "file_mtime_ns": int,
    },
    "authorisations": {**_CHILD, **_DECISION, **_EVIDENCE},
    "authorisation_instruments": {**_CHILD, "authorisation_id": int, "instrument": str},
    "exclusions": {**_CHILD, **_LIMIT, **_EVIDENCE},
    "sources": {**_CHILD, "name": str, "kind": str, "via": str, "evidence_text": str, "evidence": str},
    "quotes": {**_CHILD, "speaker": str, "speaker_role": str, "text": str, "start": int, "end": int},
    "unverified": {**_CHILD, "section": str, "reason": str, **_DECISION, **_LIMIT, **_EVIDENCE},
}
_FTS: dict[str, list[str]] = {
    "briefs": ["headline", "summary"],
    "authorisations": ["action", "authoriser", "authorised", "instruments", "scope", "conditions"],
    "exclusions": ["what", "applies_to", "stated_by"],
    "quotes": ["text", "speaker"],
}
_CHILDREN = [name for name in _TABLES if name != "briefs"]

QUERIES: dict[str, str] = {
    # Every confirmed decision naming an instrument, oldest first: how a permission grew or shrank.
    "decisions_by_instrument": """
        select a.date, b.source, b.title, a.authoriser, a.authorised, a.action, a.instruments, a.status,
               a.evidence_text, b.id as brief
        from authorisations a join briefs b on b.id = a.brief_id
        where exists (
            select 1 from authorisation_instruments i
            where i.authorisation_id = a.id and i.instrument like '%' || :instrument || '%'
        )
        order by a.date is null, a.date, b.id, a.position
    """,
    # What one person is quoted as saying, across outlets and days.
    "quotes_by_speaker": """
        select q.date, b.source, b.title, q.speaker, q.speaker_role, q.text, b.id as brief
        from quotes q join briefs b on b.id = q.brief_id
        where q.speaker like '%' || :speaker || '%'
        order by q.date is null, q.date, b.id, q.position
    """,
    # The limits stated between two days (inclusive, YYYY-MM-DD), by day.
    "exclusions_by_date": """
        select x.date, b.source, b.title, x.what, x.applies_to, x.stated_by, x.evidence_text, b.id as brief
        from exclusions x join briefs b on b.id = x.brief_id
        where x.date between :since and :until
        order by x.date, b.id, x.position
    """,
}


@dataclass
class IndexReport:
    """What one run changed, by brief id (file stem)."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[LoadError] = field(default_factory=list)
    """Files that are no brief; an earlier index of such a file is removed."""

    @property
    def inserted(self) -> int:
        return len(self.added)

    @property
    def updated(self) -> int:
        return len(self.changed)

    @property
    def deleted(self) -> int:
        return len(self.removed)


def update_index(briefs_dir: StrPath, db_path: StrPath) -> IndexReport:
    """Create or update the SQLite file `db_path` from the brief files in `briefs_dir`."""
    folder = Path(briefs_dir)
    if not folder.is_dir():
        raise LoadError(folder, "not a folder" if folder.exists() else "no such folder")
    target = Path(db_path)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        db = sqlite_utils.Database(target)
        try:
            return index_briefs(db, folder)
        finally:
            db.close()
    except sqlite3.DatabaseError as error:
        # "file is not a database", "database is locked": about the file, so named with it.
        raise LoadError(target, str(error)) from error


def index_briefs(db: sqlite_utils.Database, briefs_dir: StrPath) -> IndexReport:
    """Bring `db` in line with the folder, in one transaction: a failed run leaves the old index."""
    report = IndexReport()
    with db.atomic():
        _prepare(db)
        known = {
            row["id"]: row for row in db.table("briefs").rows_where(select="id, file_sha256, file_size, file_mtime_ns")
        }
        for path in sorted(Path(briefs_dir).glob("*.json")):
            _index_file(db, path, known.pop(path.stem, None), report)
        for stem in sorted(known):
            _delete(db, stem)
            report.removed.append(stem)
    return report


def _prepare(db: sqlite_utils.Database) -> None:
    meta = db.table("index_meta")
    current = {row["key"]: row["value"] for row in meta.rows} if meta.exists() else {}
    if current.get("format") not in (None, INDEX_FORMAT):
        for name in [*_CHILDREN, "briefs"]:
            db.table(f"{name}_fts").drop(ignore=True)
            db.table(name).drop(ignore=True)
    for name, columns in _TABLES.items():
        table = db.table(name)
        if table.exists():
            continue
        table.create(
            columns,
            pk="id",
            foreign_keys=[] if name == "briefs" else [*_BRIEF_FK, *_instrument_fk(name)],
            not_null={"brief_id"} if name != "briefs" else {"file"},
        )
        if name != "briefs":
            table.create_index(["brief_id"])
        table.create_index(["date"])
        if name in _FTS:
            table.enable_fts(_FTS[name], create_triggers=True)
    db.table("index_meta", pk="key").upsert({"key": "format", "value": INDEX_FORMAT})


def _instrument_fk(name: str) -> list[tuple[str, str, str]]:
    return [("authorisation_id", "authorisations", "id")] if name == "authorisation_instruments" else []


def _index_file(db: sqlite_utils.Database, path: Path, old: _ROW | None, report: IndexReport) -> None:
    try:
        stat = path.stat()
        if old is not None and (old["file_size"], old["file_mtime_ns"]) == (stat.st_size, stat.st_mtime_ns):
            report.unchanged += 1
            return
        data = path.read_bytes()
    except OSError as error:
        report.skipped.append(LoadError(path, error.strerror or str(error)))
        return
    sha = hashlib.sha256(data).hexdigest()
    if old is not None and old["file_sha256"] == sha:
        # Touched or copied, not changed: remember the new stamp so the next run skips the read.
        db.table("briefs").update(path.stem, {"file_size": stat.st_size, "file_mtime_ns": stat.st_mtime_ns})
        report.unchanged += 1
        return
    try:
        brief = parse_brief(path, data)
    except LoadError as problem:
        report.skipped.append(problem)
        if old is not None:
            _delete(db, path.stem)
            report.removed.append(path.stem)
        return
    if old is not None:
        _delete(db, path.stem)
    _insert(db, path, brief, {"file_sha256": sha, "file_size": stat.st_size, "file_mtime_ns": stat.st_mtime_ns})
    (report.changed if old is not None else report.added).append(path.stem)


def _delete(db: sqlite_utils.Database, stem: str) -> None:
    # Children first: the foreign keys point at the brief row.
    for name in reversed(_CHILDREN):
        db.table(name).delete_where("brief_id = ?", [stem])
    db.table("briefs").delete_where("id = ?", [stem])


def _iso(value: object) -> str | None:
    return None if value is None else str(value)


def _evidence(spans: Sequence[Evidence]) -> _ROW:
    return {
        "evidence_text": "\n".join(e.text for e in spans),
        "evidence": json.dumps([e.model_dump() for e in spans], ensure_ascii=False),
    }


def _decision(a: Authorisation) -> _ROW:
    return {
        "authoriser": a.authoriser,
        "authorised": a.authorised,
        "action": a.action,
        "instruments": "; ".join(a.instruments),
        "scope": a.scope,
        "conditions": a.conditions,
        "status": a.status,
        "confidence": a.confidence,
        **_evidence(a.evidence),
    }


def _limit(x: Exclusion) -> _ROW:
    return {"what": x.what, "applies_to": x.applies_to, "stated_by": x.stated_by, "confidence": x.confidence}


def _insert(db: sqlite_utils.Database, path: Path, brief: Brief, stamp: _ROW) -> None:
    info, stem = brief.article, path.stem
    date = _iso(brief_date(brief))
    db.table("briefs").insert(
        {
            "id": stem,
            "file": path.name,
            "date": date,
            "headline": brief.headline,
            "summary": brief.summary,
            "article_id": info.id,
            "title": info.title,
            "source": info.source,
            "url": info.url,
            "published": _iso(info.published),
            "event_date": _iso(brief.event_date),
            "article_sha256": info.sha256,
            "prompt_version": brief.prompt_version,
            "schema_version": brief.schema_version,
            "model": brief.usage.model or None,
            **stamp,
        }
    )

    def rows(items: Iterable[_ROW]) -> list[_ROW]:
        return [{"brief_id": stem, "date": date, "position": i, **item} for i, item in enumerate(items)]

    for position, auth in enumerate(brief.authorisations):
        row = rows([_decision(auth)])[0] | {"position": position}
        auth_id = db.table("authorisations").insert(row).last_pk
        db.table("authorisation_instruments").insert_all(
            {**r, "authorisation_id": auth_id} for r in rows({"instrument": name} for name in auth.instruments)
        )
    db.table("exclusions").insert_all(rows({**_limit(x), **_evidence(x.evidence)} for x in brief.exclusions))
    db.table("sources").insert_all(
        rows({"name": s.name, "kind": s.kind, "via": s.via, **_evidence(s.evidence)} for s in brief.sources)
    )
    db.table("quotes").insert_all(
        rows(
            {
                "speaker": q.speaker,
                "speaker_role": q.speaker_role,
                "text": q.text,
                "start": q.span.start,
                "end": q.span.end,
            }
            for q in brief.quotes
        )
    )
    db.table("unverified").insert_all(
        rows(
            {
                "section": item.section,
                "reason": item.reason,
                **(_decision(item.authorisation) if item.authorisation else {}),
                **(_limit(item.exclusion) | _evidence(item.exclusion.evidence) if item.exclusion else {}),
            }
            for item in brief.unverified
        )
    )
