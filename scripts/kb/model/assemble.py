"""Schema-valid YAML data -> the frozen model. Files that failed earlier stages are left out."""

from __future__ import annotations

from typing import Any

from kb.model import (
    Category,
    Connection,
    CurrentVersion,
    KnowledgeBase,
    Link,
    Page,
    Passwords,
    Platform,
    Pos,
    Procedure,
    Profile,
    Provider,
    Screenshot,
    Settings,
    Step,
    Task,
    Text,
)
from kb.source import Source
from kb.source.load import JsonPath, Loaded


def _pos(loaded: Loaded, at: JsonPath) -> Pos:
    return Pos(loaded.path, *loaded.where(at))


def _text(loaded: Loaded, data: dict[str, Any], at: JsonPath) -> Text:
    links = tuple(
        Link(
            phrase=item["phrase"],
            page=item.get("page"),
            vendor=item.get("vendor"),
            url=item.get("url"),
            download=item.get("download"),
            task=item.get("task"),
        )
        for item in data.get("links", ())
    )
    return Text(
        " ".join(data["text"].split()),
        tuple(data.get("ui", ())),
        links,
        _pos(loaded, (*at, "text")),
    )


def _passwords(data: dict[str, Any] | None) -> Passwords | None:
    if data is None:
        return None
    return Passwords(
        model=data["model"],
        since=str(data["since"]),
        create=data["create"],
        **{key: tuple(data[key]) for key in _PASSWORD_LISTS},
    )


_PASSWORD_LISTS = ("sources", "device_words", "asking", "outdated", "asked_by")


def settings(loaded: Loaded) -> Settings:
    data = loaded.data
    prov = data["provider"]
    provider = Provider(
        prov["name"],
        prov["short_name"],
        tuple(prov["domains"]),
        " ".join(prov["password_help"].split()),
        _passwords(prov.get("passwords")),
    )
    profiles = tuple(
        Profile(
            key=key,
            label=p["label"],
            connection=Connection(
                protocol=p["protocol"],
                host=p["host"],
                port=p["port"],
                security=p["security"],
                username=p["username"],
                authentication=p["authentication"],
            ),
            recommended=p["recommended"],
            why=" ".join(p["why"].split()),
            pos={name: _pos(loaded, ("profiles", key, name)) for name in p}
            | {"(profile)": _pos(loaded, ("profiles", key))},
        )
        for key, p in data["profiles"].items()
    )
    return Settings(loaded.path, provider, profiles)


def platform(key: str, loaded: Loaded) -> Platform:
    d = loaded.data
    current = d.get("current_version")
    return Platform(
        key,
        d["name"],
        d["tab"],
        d["client"],
        d["os"],
        d["vendor_help"]["title"],
        d["vendor_help"]["url"],
        d["written_for"],
        loaded.path,
        written_for_major=d.get("written_for_major"),
        current=CurrentVersion(**current) if current else None,
        vocabulary=d.get("vocabulary", {}),
        pos={name: _pos(loaded, (name,)) for name in d},
        keywords=tuple(d.get("keywords", ())),
    )


def task(key: str, loaded: Loaded) -> Task:
    d = loaded.data
    return Task(key, d["title"], d["summary"], loaded.path, tuple(d.get("keywords", ())))


def step(loaded: Loaded, data: dict[str, Any], at: JsonPath) -> Step:
    shot = data.get("screenshot")
    note = data.get("note")
    return Step(
        id=data["id"],
        text=_text(loaded, data, at),
        settings=tuple(data.get("settings", ())),
        screenshot=Screenshot(shot["src"], shot["alt"]) if shot else None,
        note=_text(loaded, note, (*at, "note")) if note else None,
        pos=_pos(loaded, at),
    )


def procedure(key: str, loaded: Loaded) -> Procedure:
    d = loaded.data
    platform_key, task_key = key.split("/")
    steps = tuple(step(loaded, s, ("steps", i)) for i, s in enumerate(d["steps"]))
    review = d.get("review", {})
    return Procedure(
        platform_key,
        task_key,
        _text(loaded, d["intro"], ("intro",)),
        steps,
        tuple(d["sources"]),
        loaded.path,
        draft=review.get("status") == "draft",
        review_note=" ".join(review.get("note", "").split()),
    )


def page(key: str, loaded: Loaded) -> Page:
    d = loaded.data
    former = tuple(d.get("former_slugs", ()))
    texts = lambda name: tuple(  # noqa: E731
        _text(loaded, item, (name, i)) for i, item in enumerate(d.get(name, ()))
    )
    return Page(
        key=key,
        kind=d.get("kind", "guide"),
        faq_id=d["faq_id"],
        slug=d["slug"],
        title=" ".join(d["title"].split()),
        purpose=_text(loaded, d["purpose"], ("purpose",)),
        category=d["category"],
        updated=d.get("updated"),
        preamble=texts("preamble"),
        prerequisites=texts("prerequisites"),
        task=d.get("task"),
        platforms=tuple(d.get("platforms", ())),
        settings=tuple(d.get("settings", ())),
        per_platform=d.get("per_platform", False),
        path=loaded.path,
        pos={name: _pos(loaded, (name,)) for name in d}
        | {f"former_slugs[{i}]": _pos(loaded, ("former_slugs", i)) for i in range(len(former))},
        former_slugs=former,
    )


def assemble(source: Source, skip: set[str]) -> KnowledgeBase:
    """Build the model from every file whose display path is not in `skip` (it had problems)."""
    ok = lambda kind: {k: v for k, v in source.files[kind].items() if v.path not in skip}  # noqa: E731
    settings_files = list(ok("settings").values())
    empty = Settings("", Provider("", "", (), ""), ())
    return KnowledgeBase(
        root=str(source.root),
        settings=settings(settings_files[0]) if settings_files else empty,
        platforms={k: platform(k, v) for k, v in ok("platform").items()},
        tasks={k: task(k, v) for k, v in ok("task").items()},
        categories={
            k: Category(k, v.data["title"], v.data["summary"], v.data["order"], v.path)
            for k, v in ok("category").items()
        },
        procedures={k: procedure(k, v) for k, v in ok("procedure").items()},
        pages={k: page(k, v) for k, v in ok("page").items()},
    )
