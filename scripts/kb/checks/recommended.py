"""One recommended profile per direction, and guides show it: a guide or one of its steps
naming a profile that is not recommended contradicts the settings file.

Good (`steps/settings.yml`, then a guide's step)::

    profiles:
      - {key: smtp, direction: outgoing, port: 465, recommended: true}
      - {key: smtp-starttls, direction: outgoing, port: 587}
    text: Enter {smtp.port} as the port.

Bad::

    profiles:
      - {key: smtp, direction: outgoing, recommended: true}
      - {key: smtp-starttls, direction: outgoing, recommended: true}
      # both 'smtp' and 'smtp-starttls' are recommended for outgoing mail; recommend one
    text: Enter {smtp-starttls.port} as the port.   # a guide recommends 'smtp-starttls' ...
"""

from __future__ import annotations

from collections.abc import Iterator

from kb.checks.base import Known, at
from kb.errors import Problem
from kb.model import KnowledgeBase, Pos, Procedure, Profile
from kb.model.refs import references


def check(kb: KnowledgeBase, known: Known) -> Iterator[Problem]:
    by_direction: dict[str, list[str]] = {}
    for p in kb.settings.profiles:
        if p.recommended:
            by_direction.setdefault(p.direction, []).append(p.key)
    for direction, keys in sorted(by_direction.items()):
        if len(keys) > 1:
            second = kb.settings.profile(keys[1])
            yield at(
                second.pos["recommended"],
                f"profiles.{keys[1]}.recommended",
                f"both '{keys[0]}' and '{keys[1]}' are recommended for {direction} mail; "
                "recommend one",
            )
    procs = {proc.key: proc for proc in kb.procedures.values()}
    # Only a profile that is not recommended can be a problem.
    others = {p.key: p for p in kb.settings.profiles if not p.recommended}
    for page in kb.pages.values():
        if page.kind != "guide":
            continue
        for key in page.settings:
            yield from _not_recommended(kb, others.get(key), page.pos["settings"], "settings")
        for platform in page.platforms:
            proc = procs.get(f"{platform}/{page.task}")
            if proc:
                yield from _in_steps(kb, proc, others)


def _in_steps(kb: KnowledgeBase, proc: Procedure, others: dict[str, Profile]) -> Iterator[Problem]:
    for i, step in enumerate(proc.steps):
        text = step.text.text
        keys = [*step.settings, *(m.group(1) for m in references(text))] if "{" in text else []
        for key in dict.fromkeys(keys or step.settings):
            if key in others:
                yield from _not_recommended(kb, others[key], step.pos, f"steps[{i}]")


def _not_recommended(
    kb: KnowledgeBase, profile: Profile | None, pos: Pos | None, field: str
) -> Iterator[Problem]:
    if profile is None or profile.recommended:
        return
    better = [p for p in kb.settings.profiles if p.recommended and p.direction == profile.direction]
    if better:
        rec = better[0]
        yield at(
            pos,
            field,
            f"a guide recommends '{profile.key}' ({profile.protocol} port "
            f"{profile.port}) for {profile.direction} mail, but {rec.pos['recommended']} "
            f"recommends '{rec.key}' (port {rec.port}); guides show the recommended "
            "profile, other profiles belong on the settings reference page",
        )
