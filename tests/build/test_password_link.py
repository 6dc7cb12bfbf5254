"""The built update-password pages send readers to where they create a device password."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

CREATE = "https://www.infomaniak.com/en/support/faq/1321/add-a-device-create-an-email-password"


def test_every_update_password_page_links_to_add_a_device(built_site: Path) -> None:
    pages = sorted(built_site.glob("faq/*/update-the-email-password-on-*/index.html"))
    assert len(pages) == 5
    for page in pages:
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        links = [a.get_text(strip=True) for a in soup.select(f'article a[href="{CREATE}"]')]
        assert links == ["Add a device (create an email password)"], page
