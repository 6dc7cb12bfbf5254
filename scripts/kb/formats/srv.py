"""DNS SRV records (RFC 6186, `_submissions` from RFC 8314 section 5.1) as a zone-file snippet.

Clients look the labels up in the domain of the address and use the lowest priority value first,
across IMAP and POP3 alike (RFC 6186 section 3.4), so priorities follow the settings' preference
order: 0 for the recommended profile, then 10, 20, ... per direction. A client looks up the domain
of the address it sets up, so every domain the provider hosts addresses on (`provider.domains`)
gets the same records, one block per domain.
"""

from __future__ import annotations

import re

from kb.formats.parse import Offered, advertised, preference_order
from kb.model import Connection, Profile, Protocol, Security, Settings
from kb.render.text import zone_text

NAME = "srv"
TTL = 3600
WEIGHT = 1
LABELS: dict[tuple[Protocol, Security], str] = {
    ("imap", "ssl"): "_imaps",
    ("imap", "starttls"): "_imap",
    ("pop3", "ssl"): "_pop3s",
    ("pop3", "starttls"): "_pop3",
    ("smtp", "ssl"): "_submissions",
    ("smtp", "starttls"): "_submission",
}
RECORD = re.compile(
    r"^(?P<service>_[a-z0-9]+)\._tcp\.(?P<domain>[a-z0-9.-]+\.)\s+(?P<ttl>\d+)\s+IN\s+SRV\s+"
    r"(?P<priority>\d+)\s+(?P<weight>\d+)\s+(?P<port>\d+)\s+(?P<target>\S+)$"
)
FORM = "_service._tcp.domain. TTL IN SRV priority weight port target."


def render(settings: Settings, *, doc_url: str | None = None) -> bytes:
    """The records for every provider domain, in the settings' order, each block sorted."""
    provider = settings.provider
    header = [
        f"; {zone_text(provider.name)}: mail service records for "
        f"{zone_text(', '.join(provider.domains))} (RFC 6186, RFC 8314).",
        "; Generated from the settings source; edit that, not this file.",
        "; Lower priority is preferred: the recommended setting of each direction has 0.",
    ]
    if doc_url:
        header.append(f"; Settings explained: {doc_url}")
    lines = []
    for domain in provider.domains:
        records = []
        for direction in ("incoming", "outgoing"):
            ranked = preference_order(p for p in settings.profiles if p.direction == direction)
            for rank, profile in enumerate(ranked):
                label = LABELS[(profile.protocol, profile.security)]
                target = f"{profile.host.rstrip('.')}."
                records.append((f"{label}._tcp.{domain}.", rank * 10, profile.port, target))
        lines += [
            f"{name} {TTL} IN SRV {prio} {WEIGHT} {port} {target}"
            for name, prio, port, target in sorted(records)
        ]
    return ("\n".join(header + lines) + "\n").encode()


def expected(settings: Settings) -> tuple[Profile, ...]:
    """What the zone offers: every profile by preference, once for each provider domain."""
    return advertised(settings) * len(settings.provider.domains)


def validate(data: bytes) -> list[str]:
    """Every line a DNS server or client would not read as a mail SRV record."""
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError as exc:
        return [f"expected ASCII zone-file text but received {exc.reason} at byte {exc.start}"]
    problems, records = [], 0
    services = set(LABELS.values())
    offered: dict[str, set[str]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith(";"):
            continue
        match = RECORD.match(line)
        if not match:
            problems.append(f"line {number}: expected `{FORM}` but received {line!r}")
            continue
        records += 1
        if match["service"] in services:
            offered.setdefault(match["domain"].rstrip("."), set()).add(match["service"])
        else:
            problems.append(
                f"line {number}: expected a service label one of {sorted(services)} "
                f"but received {match['service']!r}"
            )
        for field in ("priority", "weight", "port"):
            if int(match[field]) > 65535:
                problems.append(f"line {number}: {field} {match[field]} is above 65535")
        if match["target"] != "." and (not match["target"].endswith(".") or match["port"] == "0"):
            problems.append(
                f"line {number}: expected a fully qualified target ending in '.' "
                f"and a port above 0 but received {match['port']} {match['target']}"
            )
    if not records:
        problems.append("expected at least one SRV record")
    if offered and not problems:
        # A client looks up its own domain: each must be offered what the others are.
        every = set().union(*offered.values())
        problems += [
            f"{domain}: missing {sorted(every - found)}, which other domains offer"
            for domain, found in offered.items()
            if found != every
        ]
    return problems


def parse(data: bytes) -> list[Offered]:
    """The offered services of each domain (in file order) by RFC 6186 preference: incoming,
    then outgoing, lowest priority first.

    A target of `.` means "not offered" and yields nothing. SRV carries no user name; the help
    centre tells users to enter their address, so that is the form reported.
    """
    services = {label: key for key, label in LABELS.items()}
    domains: dict[str, int] = {}
    found = []
    for number, line in enumerate(data.decode("ascii").splitlines(), 1):
        match = RECORD.match(line)
        if not match or match["target"] == ".":
            continue
        protocol, security = services[match["service"]]
        connection = Connection(
            protocol=protocol,
            host=match["target"].rstrip("."),
            port=int(match["port"]),
            security=security,
            username="email-address",
        )
        where = f"line {number} ({match['service']}._tcp.{match['domain'].rstrip('.')})"
        profile = Offered(where, connection)
        # Higher weight wins among equal priorities (RFC 2782); file order breaks the last tie.
        found.append(
            (
                (
                    domains.setdefault(match["domain"], len(domains)),
                    connection.direction != "incoming",
                    int(match["priority"]),
                    -int(match["weight"]),
                    number,
                ),
                profile,
            )
        )
    return [profile for _, profile in sorted(found, key=lambda item: item[0])]
