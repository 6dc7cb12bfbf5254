"""The address a published site lives at, and what a publish build (`kb site`) refuses.

Every absolute URL of a published site comes from one address: `kb site --site-url URL`, else
`$KB_SITE_URL`, else `site_url` in the MkDocs config. A loopback or missing address would put
links readers cannot open into every page, the sitemap and the settings files, and a shallow git
clone would give every page the date of its last commit: the build stops before writing anything.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from kb.source.history import git

SITE_URL_ENV = "KB_SITE_URL"
# How `kb site` hands the checked address to the `kb` plugin, over any config's `site_url`.
PUBLISH_URL_ENV = "KB_PUBLISH_URL"


class PublishError(Exception):
    """A publish build cannot go on; the message is one line for the web team."""


def site_url(given: str | None, config: Path) -> str:
    """The checked address to publish at, ending in "/"; raises PublishError."""
    url = given or os.environ.get(SITE_URL_ENV) or _config_site_url(config)
    if not url:
        raise PublishError(
            "no site URL: pass --site-url https://help.example.com/, set "
            f"{SITE_URL_ENV}, or set site_url in {config.name} (the address readers will use)"
        )
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise PublishError(f"site URL {url!r} must be an absolute https:// (or http://) URL")
    if parts.username or parts.password or parts.query or parts.fragment:
        raise PublishError(f"site URL {url!r} must have no credentials, query or fragment")
    if _loopback(parts.hostname):
        raise PublishError(
            f"site URL {url!r} names this machine ({parts.hostname}), not the address readers "
            "will use; pass it with --site-url or " + SITE_URL_ENV
        )
    return url if url.endswith("/") else url + "/"


def _loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        addr = ipaddress.ip_address(host)
    except ValueError:
        return False
    mapped = getattr(addr, "ipv4_mapped", None)
    return any(a.is_loopback or a.is_unspecified for a in (addr, mapped) if a is not None)


class _TagsIgnored(yaml.SafeLoader):
    """MkDocs configs carry tags (`!ENV`, `!!python/name:`): read past them as nothing."""


_TagsIgnored.add_multi_constructor("", lambda loader, suffix, node: None)


def _config_site_url(config: Path) -> str | None:
    """`site_url` as the config file itself writes it (a tag such as `!ENV` counts as unset)."""
    try:
        data = yaml.load(config.read_text("utf-8"), Loader=_TagsIgnored)
    except (OSError, yaml.YAMLError):
        return None
    value = data.get("site_url") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def refuse_shallow_clone(folder: Path) -> None:
    """Raise PublishError when `folder` is in a shallow git clone: "Last updated" would be the
    date of the last commit on every page. Outside git, pages show no date, which is true."""
    shallow = git(folder, "rev-parse", "--is-shallow-repository")
    if shallow is not None and shallow.strip() == "true":
        raise PublishError(
            f"the git clone at {folder} is shallow, so every page would show the date of the "
            "last commit as 'Last updated': fetch the whole history (git fetch --unshallow; "
            "in GitHub Actions, actions/checkout with fetch-depth: 0)"
        )


def language_jobs(languages: int) -> int:
    """Language builds to run at once: one more than the cores, so a core never idles behind
    the last build (slots of `cpu_count` did); all at once cost each build about 20 % more CPU
    in cache contention (`kb bench --languages --jobs 5` against 3 on two cores)."""
    return max(1, min(languages, (os.cpu_count() or 1) + 1))
