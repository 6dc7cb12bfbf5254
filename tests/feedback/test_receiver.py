"""The receiver through HTTP (Starlette's test client): what a reader's browser or an attacker
sends, what they get back, and what ends up in the database."""

from __future__ import annotations

import json

import pytest
from starlette.testclient import TestClient

from feedbackdata import MANIFEST
from kb.feedback.app import create_app
from kb.feedback.limits import RateLimit
from kb.feedback.receiver import Receiver
from kb.feedback.store import MIGRATIONS, Store, open_store

SITE = "http://help.test"
GOOD = {
    "faq_id": 2556,
    "platform": "apple-mail-macos",
    "lang": "en",
    "content_version": "0123456789abcdef",
    "helpful": False,
    "step": "mail-menu",
    "comment": "The menu is called Settings now",
}


def client(store: Store, limit: int = 0) -> TestClient:
    app = create_app(Receiver(store, MANIFEST, frozenset([SITE]), RateLimit(limit)))
    return TestClient(app, base_url=SITE)


def post(http: TestClient, body: object, **headers: str) -> tuple[int, dict]:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    sent = {"Origin": SITE, "Content-Type": "application/json", **headers}
    response = http.post("/api/feedback", content=data, headers=sent)
    return response.status_code, response.json()


def test_a_vote_is_stored_with_everything_it_carries(store: Store) -> None:
    status, _ = post(client(store), GOOD)
    assert status == 201
    [(vote, when)] = store.votes()
    assert (vote.faq_id, vote.platform, vote.lang, vote.helpful) == (2556, "apple-mail-macos",
                                                                    "en", False)  # fmt: skip
    assert (vote.step, vote.comment, vote.content_version) == (
        "mail-menu", "The menu is called Settings now", "0123456789abcdef"
    )  # fmt: skip
    assert when[:2] == "20"


BAD = [
    ("faq_id", {**GOOD, "faq_id": "2556"}, 422),
    ("faq_id", {**GOOD, "faq_id": True}, 422),
    ("faq_id", {**GOOD, "faq_id": 9999}, 422),
    ("platform", {**GOOD, "platform": "outlook-windows"}, 422),
    ("lang", {**GOOD, "lang": "xx"}, 422),
    ("content_version", {**GOOD, "content_version": "<script>"}, 422),
    ("helpful", {**GOOD, "helpful": "no"}, 422),
    ("step", {**GOOD, "step": "no-such-step"}, 422),
    ("step", {**GOOD, "helpful": True, "comment": None}, 422),
    ("comment", {**GOOD, "comment": "x" * 1001}, 422),
    ("comment", {**GOOD, "comment": "right-to-left \u202e trick"}, 422),
    ("comment", {**GOOD, "comment": 42}, 422),
    ("admin", {**GOOD, "admin": True}, 422),
    ("body", [GOOD], 422),
    ("body", b"{not json", 422),
    ("body", json.dumps({**GOOD, "comment": "y" * 5000}).encode(), 413),
]


@pytest.mark.parametrize(("field", "body", "status"), BAD, ids=[f"{f}-{n}" for n, (f, _, _)
                                                                  in enumerate(BAD)])  # fmt: skip
def test_a_bad_vote_is_refused_by_field_and_nothing_is_stored(
    store: Store, field: str, body: object, status: int
) -> None:
    answer = post(client(store), body)
    assert answer[0] == status
    assert answer[1]["error"]["field"] == field
    assert store.votes() == []


def test_a_huge_body_is_refused_before_it_is_read(store: Store) -> None:
    status, answer = post(client(store), b"x" * 10_000_000)
    assert (status, answer["error"]["field"]) == (413, "body")
    assert store.votes() == []


def test_another_site_cannot_post_and_plain_forms_are_refused(store: Store) -> None:
    http = client(store)
    assert post(http, GOOD, Origin="https://evil.example")[0] == 403
    assert post(http, GOOD, **{"Content-Type": "text/plain"})[0] == 415
    assert post(http, GOOD, **{"Content-Type": "application/x-www-form-urlencoded"})[0] == 415
    assert store.votes() == []


def test_a_flood_from_one_client_is_cut_and_other_votes_still_land(store: Store) -> None:
    http = client(store, limit=5)
    answers = [post(http, GOOD)[0] for _ in range(8)]
    assert answers == [201] * 5 + [429] * 3
    assert len(store.votes()) == 5


def test_no_cookie_and_no_address_is_kept(store: Store, db_url: str) -> None:
    response = client(store).post(
        "/api/feedback", content=json.dumps(GOOD), headers={"Origin": SITE,
                                                             "Content-Type": "application/json"}
    )  # fmt: skip
    assert "set-cookie" not in response.headers
    if not db_url.startswith("postgresql"):
        raw = open(db_url, "rb").read() + open(db_url + "-wal", "rb").read()
        assert b"testclient" not in raw and b"127.0.0.1" not in raw


def test_markup_in_a_comment_is_stored_as_typed(store: Store) -> None:
    typed = '<script>alert(1)</script> & "quotes"'
    assert post(client(store), {**GOOD, "comment": typed})[0] == 201
    assert store.votes()[0][0].comment == typed


def test_the_schema_is_migrated_once_and_versioned(db_url: str) -> None:
    first = open_store(db_url)
    assert post(client(first), GOOD)[0] == 201
    first.close()
    again = open_store(db_url)  # a restart runs no migration twice and keeps the votes
    assert again.schema_version() == len(MIGRATIONS)
    assert len(again.votes()) == 1
    again.close()
