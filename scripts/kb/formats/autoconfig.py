"""Thunderbird autoconfig (`config-v1.1.xml`): render it, check it, and read it as Thunderbird does.

Format: https://wiki.mozilla.org/Thunderbird:Autoconfiguration:ConfigFileFormat. Servers are
listed in order of preference; the ISPDB (github.com/thunderbird/autoconfig) lists hostname, port,
socketType, authentication, username in that order, and so do we.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import cast

from kb.formats.parse import Offered, advertised, port_number, read_xml, xml_bytes
from kb.model import Connection, Protocol, Security, Settings, UsernameForm

NAME = "autoconfig"
SOCKET_TYPES = {"ssl": "SSL", "starttls": "STARTTLS"}
USERNAMES = {"email-address": "%EMAILADDRESS%", "local-part": "%EMAILLOCALPART%"}
# The authentication values the format defines (ConfigFileFormat, "Authentication methods").
AUTHENTICATIONS = frozenset(
    {
        "password-cleartext",
        "password-encrypted",
        "NTLM",
        "GSSAPI",
        "client-IP-address",
        "TLS-client-cert",
        "OAuth2",
        "none",
    }
)
SERVER_TYPES = {"incomingServer": ("imap", "pop3"), "outgoingServer": ("smtp",)}


def render(settings: Settings, *, doc_url: str | None = None) -> bytes:
    """The `clientConfig` for the provider: every domain, every server by preference."""
    provider = settings.provider
    root = ET.Element("clientConfig", version="1.1")
    email = ET.SubElement(root, "emailProvider", id=provider.domains[0])
    for domain in provider.domains:
        ET.SubElement(email, "domain").text = domain
    ET.SubElement(email, "displayName").text = provider.name
    ET.SubElement(email, "displayShortName").text = provider.short_name
    for profile in advertised(settings):
        tag = "outgoingServer" if profile.direction == "outgoing" else "incomingServer"
        server = ET.SubElement(email, tag, type=profile.protocol)
        ET.SubElement(server, "hostname").text = profile.host
        ET.SubElement(server, "port").text = str(profile.port)
        ET.SubElement(server, "socketType").text = SOCKET_TYPES[profile.security]
        ET.SubElement(server, "authentication").text = profile.authentication
        ET.SubElement(server, "username").text = USERNAMES[profile.username]
    if doc_url:
        documentation = ET.SubElement(email, "documentation", url=doc_url)
        descr = ET.SubElement(documentation, "descr", lang="en")
        descr.text = f"{provider.name} server settings"
    return xml_bytes(root)


def validate(data: bytes) -> list[str]:
    """Every reason Thunderbird could not use this file, as `where: what`."""
    root, problems = read_xml(data)
    if root is None:
        return problems
    if root.tag != "clientConfig" or root.get("version") != "1.1":
        found = f"<{root.tag} version={root.get('version')!r}>"
        return [f'expected root <clientConfig version="1.1"> but received {found}']
    provider = root.find("emailProvider")
    if provider is None:
        return ["clientConfig: missing <emailProvider>"]
    if not provider.get("id"):
        problems.append("emailProvider: missing the id attribute")
    if not [d for d in provider.findall("domain") if (d.text or "").strip()]:
        problems.append("emailProvider: expected at least one <domain>")
    if not (provider.findtext("displayName") or "").strip():
        problems.append("emailProvider: missing <displayName>")
    for tag, types in SERVER_TYPES.items():
        servers = provider.findall(tag)
        if not servers:
            problems.append(f"emailProvider: expected at least one <{tag}>")
        for index, server in enumerate(servers, 1):
            problems += _server_problems(f"{tag}[{index}]", server, types)
    return problems


def _server_problems(where: str, server: ET.Element, types: tuple[str, ...]) -> list[str]:
    problems = []
    if server.get("type") not in types:
        problems.append(
            f"{where}: expected type one of {list(types)} but received {server.get('type')!r}"
        )
    for child in ("hostname", "port", "socketType", "authentication", "username"):
        if server.find(child) is None:
            problems.append(f"{where}: missing <{child}>")
    if server.find("hostname") is not None and not (server.findtext("hostname") or "").strip():
        problems.append(f"{where}: <hostname> is empty")
    port = server.findtext("port")
    if port is not None and port_number(port) is None:
        problems.append(f"{where}: expected <port> to be a port number but received {port!r}")
    socket = server.findtext("socketType")
    if socket is not None and socket not in SOCKET_TYPES.values():
        # "plain" is valid in the format but would send the password unencrypted.
        problems.append(f"{where}: expected <socketType> SSL or STARTTLS but received {socket!r}")
    auth = server.findtext("authentication")
    if auth is not None and auth not in AUTHENTICATIONS:
        problems.append(f"{where}: expected a known <authentication> but received {auth!r}")
    username = server.findtext("username")
    if username is not None and username not in USERNAMES.values():
        problems.append(
            f"{where}: expected <username> %EMAILADDRESS% or %EMAILLOCALPART% "
            f"but received {username!r}"
        )
    return problems


def parse(data: bytes) -> list[Offered]:
    """The servers Thunderbird would offer, in file order (incoming first); assumes `validate`."""
    provider = ET.fromstring(data).find("emailProvider")
    assert provider is not None
    securities = {v: k for k, v in SOCKET_TYPES.items()}
    usernames = {v: k for k, v in USERNAMES.items()}
    profiles = []
    for tag in SERVER_TYPES:
        for index, server in enumerate(provider.findall(tag), 1):
            connection = Connection(
                protocol=cast(Protocol, server.get("type")),
                host=(server.findtext("hostname") or "").strip(),
                port=int(server.findtext("port") or 0),
                security=cast(Security, securities[server.findtext("socketType") or ""]),
                username=cast(UsernameForm, usernames[server.findtext("username") or ""]),
            )
            profiles.append(Offered(f"{tag}[{index}]", connection))
    return profiles
