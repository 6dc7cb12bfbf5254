"""Page objects for the built help centre: what a reader sees and does, by role and visible text."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from playwright.sync_api import (
    BrowserContext,
    ConsoleMessage,
    Dialog,
    Locator,
    Page,
    Request,
    Response,
    Route,
    expect,
)

from shown import ShownColumn

LOOPBACK = "127.0.0.1"


def _leaves_loopback(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https", "ws", "wss") and parts.hostname != LOOPBACK


class Watch:
    """Everything a reader would notice going wrong on any page of a browser context.

    Console errors (CSP violations included), uncaught exceptions, failed requests, HTTP errors
    and dialogs are collected; a request leaving loopback is blocked and collected too.
    """

    def __init__(self, context: BrowserContext) -> None:
        self.problems: list[str] = []
        self.left_loopback: list[str] = []
        self.dialogs: list[str] = []
        context.route(_leaves_loopback, self._block)
        for page in context.pages:
            self.attach(page)
        context.on("page", self.attach)

    def _block(self, route: Route) -> None:
        self.left_loopback.append(route.request.url)
        route.abort("blockedbyclient")

    def attach(self, page: Page) -> None:
        page.on("console", lambda message: self._console(page, message))
        page.on("pageerror", lambda error: self.problems.append(f"uncaught on {page.url}: {error}"))
        page.on("requestfailed", self._failed)
        page.on("response", self._response)
        page.on("dialog", self._dialog)

    def _console(self, page: Page, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.problems.append(f"console error on {page.url}: {message.text}")

    def _failed(self, request: Request) -> None:
        # ERR_ABORTED: the page navigated on while a request (often the favicon) was in flight.
        if request.url not in self.left_loopback and request.failure != "net::ERR_ABORTED":
            self.problems.append(f"request failed: {request.url} ({request.failure})")

    def _response(self, response: Response) -> None:
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")

    def _dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def assert_clean(self, what: str) -> None:
        found = (
            self.problems
            + [f"left loopback: {u}" for u in self.left_loopback]
            + [f"dialog {d}" for d in self.dialogs]
        )
        assert not found, f"{what}:\n  " + "\n  ".join(found)


def _heading(name: str) -> re.Pattern[str]:
    """A heading's accessible name: its text, then Material's permalink sign."""
    return re.compile(rf"^{re.escape(name)}(\s*¶)?$")


def _cells(row_text: str) -> list[str]:
    """A table row's visible text, cell by cell (innerText separates cells with tabs)."""
    return [cell.strip() for cell in row_text.split("\t")]


class FaqPage:
    """One FAQ page: title, platform tabs with their numbered steps, settings tables, feedback."""

    def __init__(self, page: Page, site_url: str) -> None:
        self.page = page
        self.site_url = site_url

    def open(self, url: str) -> FaqPage:
        self.page.goto(self.site_url + url)
        return self

    @property
    def article(self) -> Locator:
        return self.page.locator("article")

    @property
    def title(self) -> Locator:
        return self.page.get_by_role("heading", level=1)

    def tab(self, label: str) -> Locator:
        """The tab label a reader clicks (Material renders each label as an in-page link)."""
        return self.page.get_by_role("link", name=label, exact=True)

    def tab_state(self, label: str) -> Locator:
        """The radio button behind a tab: checked when that platform is selected."""
        return self.page.get_by_role("radio", name=label, exact=True)

    def choose(self, label: str) -> None:
        self.tab(label).click()
        expect(self.tab_state(label)).to_be_checked()

    def platform_heading(self, heading: str) -> Locator:
        return self.page.get_by_role("heading", level=3, name=_heading(heading))

    def panel(self, heading: str) -> Locator:
        """The content of one platform tab: the block its heading opens."""
        return self.platform_heading(heading).locator("xpath=..")

    def steps(self, heading: str) -> Locator:
        """The numbered steps of one platform: the items of the panel's first list."""
        return self.panel(heading).get_by_role("list").first.get_by_role("listitem")

    def settings_tables(self, scope: Locator) -> Locator:
        """Visible tables in `scope` that show connection settings (they have a Protocol row)."""
        protocol_row = self.page.get_by_role("cell", name="Protocol", exact=True)
        return scope.get_by_role("table").filter(has=protocol_row).filter(visible=True)

    def section_link(self, heading: str) -> Locator:
        """The permalink of a section heading (a keyboard stop)."""
        return self.page.get_by_role("heading", level=2, name=_heading(heading)).get_by_role("link")

    def table_after(self, heading: str) -> Locator:
        h2 = self.page.get_by_role("heading", level=2, name=_heading(heading))
        return h2.locator("xpath=following::table[1]")

    def read_settings(self, table: Locator, where: str) -> list[ShownColumn]:
        """One ShownColumn per profile column: header text and each row's visible text."""
        header, *rows = (_cells(row) for row in table.get_by_role("row").all_inner_texts())
        return [
            ShownColumn(where, label, {row[0]: row[i] for row in rows if len(row) > i})
            for i, label in enumerate(header)
            if i > 0
        ]

    @property
    def feedback(self) -> Feedback:
        return Feedback(self.page)

    @property
    def search(self) -> Search:
        return Search(self.page)


class Feedback:
    """The "Has this FAQ been helpful?" widget."""

    def __init__(self, page: Page) -> None:
        self.group = page.get_by_role("group", name="Has this FAQ been helpful?")
        self.thanks = page.get_by_role("status").filter(has_text="Thank you")

    def answer(self, helpful: bool) -> None:
        self.group.get_by_role("button", name="Yes" if helpful else "No").click()


class Search:
    """Material's search: it listens to key-up, so the query is typed key by key."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.box = page.get_by_role("textbox", name="Search")
        self.region = page.get_by_role("search")

    def type(self, query: str) -> None:
        self.box.click()
        self.box.press_sequentially(query)

    @property
    def first_result(self) -> Locator:
        """The first result: a link whose article is headed by a page title."""
        page_title = self.page.get_by_role("heading", level=1)
        return self.region.get_by_role("link").filter(has=page_title).first
