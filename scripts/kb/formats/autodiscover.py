"""Microsoft Autodiscover (POX) response: render it, check it, and read it as Outlook does.

Elements: https://learn.microsoft.com/en-us/exchange/client-developer/web-service-reference/
protocol-pox and [MS-OXDSCLI] 2.2.4.1.1.2.6. `Encryption` (SSL = implicit TLS, TLS = STARTTLS)
overrides `SSL` in Outlook 2010 and later (MS-OXDSCLI 2.2.4.1.1.2.6.22, quoted in
github.com/virtualmin/virtualmin-gpl/issues/764; Outlook behaviour in
github.com/stalwartlabs/stalwart/issues/3248).

The file is static, so it names no user: `LoginName` is optional in a `Protocol`
([MS-OXDSCLI] 2.2.4.1.1.2.6.28, "MAY be an optional child element") and `User` is optional in a
`Response` (learn.microsoft.com .../web-service-reference/response-pox: "This element is
optional"); both are left out rather than sent empty, and Outlook uses the address the user typed.
An empty `LoginName` would be a login name of "", and a `User` could only name one person.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import cast

from kb.formats.parse import Offered, advertised, port_number, read_xml, xml_bytes
from kb.model import Connection, Protocol, Security, Settings

NAME = "autodiscover"
NS = "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006"
NS_OUTLOOK = "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a"
TYPES = {"imap": "IMAP", "pop3": "POP3", "smtp": "SMTP"}
ENCRYPTION = {"ssl": "SSL", "starttls": "TLS"}
# Protocol (POX) children (learn.microsoft.com/.../web-service-reference/protocol-pox), plus
# Encryption ([MS-OXDSCLI] 2.2.4.1.1.2.6.22).
PROTOCOL_CHILDREN = frozenset(
    "Type Internal External TTL Server ServerDN ServerVersion MdbDN PublicFolderServer Port "
    "DirectoryPort ReferralPort ASUrl EwsUrl EmwsUrl SharingUrl EcpUrl OOFUrl OABUrl UMUrl "
    "EwsPartnerUrl LoginName DomainRequired DomainName SPA AuthPackage CertPrincipalName SSL "
    "AuthRequired UsePOPAuth SMTPLast NetworkRequirements AddressBook MailStore Encryption".split()
)
# SSL stays "on" even for STARTTLS: a client that ignores <Encryption> then fails to connect
# instead of sending the password unencrypted.
FIXED = {"DomainRequired": "off", "SPA": "off", "SSL": "on", "AuthRequired": "on"}


def render(settings: Settings, *, doc_url: str | None = None) -> bytes:
    """One `Protocol` per profile, incoming by preference then outgoing.

    POX has no documentation element, so `doc_url` is accepted only for a uniform signature.
    """
    root = ET.Element("Autodiscover", xmlns=NS)
    response = ET.SubElement(root, "Response", xmlns=NS_OUTLOOK)
    account = ET.SubElement(response, "Account")
    ET.SubElement(account, "AccountType").text = "email"
    ET.SubElement(account, "Action").text = "settings"
    for profile in advertised(settings):
        if profile.username != "email-address":
            # A static file cannot name the user: without LoginName Outlook uses the address.
            raise ValueError(
                f"profile {profile.key!r}: Autodiscover cannot express the "
                f"{profile.username} user name in a static file"
            )
        protocol = ET.SubElement(account, "Protocol")
        ET.SubElement(protocol, "Type").text = TYPES[profile.protocol]
        ET.SubElement(protocol, "Server").text = profile.host
        ET.SubElement(protocol, "Port").text = str(profile.port)
        ET.SubElement(protocol, "DomainRequired").text = FIXED["DomainRequired"]
        ET.SubElement(protocol, "SPA").text = FIXED["SPA"]
        ET.SubElement(protocol, "SSL").text = FIXED["SSL"]
        ET.SubElement(protocol, "Encryption").text = ENCRYPTION[profile.security]
        ET.SubElement(protocol, "AuthRequired").text = FIXED["AuthRequired"]
    return xml_bytes(root)


def _q(tag: str) -> str:
    return f"{{{NS_OUTLOOK}}}{tag}"


def validate(data: bytes) -> list[str]:
    """Every reason Outlook could not use this response, as `where: what`."""
    root, problems = read_xml(data)
    if root is None:
        return problems
    if root.tag != f"{{{NS}}}Autodiscover":
        return [f'expected root <Autodiscover xmlns="{NS}"> but received <{root.tag}>']
    account = root.find(f"{_q('Response')}/{_q('Account')}")
    if account is None:
        return [f'Autodiscover: missing <Response xmlns="{NS_OUTLOOK}"><Account>']
    for tag, value in (("AccountType", "email"), ("Action", "settings")):
        if account.findtext(_q(tag)) != value:
            problems.append(
                f"Account: expected <{tag}>{value}</{tag}> but received "
                f"{account.findtext(_q(tag))!r}"
            )
    if root.find(f"{_q('Response')}/{_q('User')}") is not None:
        problems.append(
            "Response: a static file cannot name the user; leave <User> out (it is optional)"
        )
    protocols = account.findall(_q("Protocol"))
    if not protocols:
        problems.append("Account: expected at least one <Protocol>")
    for index, protocol in enumerate(protocols, 1):
        problems += _protocol_problems(f"Protocol[{index}]", protocol)
    return problems


def _protocol_problems(where: str, protocol: ET.Element) -> list[str]:
    problems = []
    expected = {
        "Type": list(TYPES.values()),
        "Encryption": list(ENCRYPTION.values()),
        **{tag: [value] for tag, value in FIXED.items()},
    }
    for tag, values in expected.items():
        value = protocol.findtext(_q(tag))
        if value is None:
            problems.append(f"{where}: missing <{tag}>")
        elif value not in values:
            problems.append(f"{where}: expected <{tag}> one of {values} but received {value!r}")
    if not (protocol.findtext(_q("Server")) or "").strip():
        problems.append(f"{where}: missing <Server>")
    port = protocol.findtext(_q("Port"))
    if port_number(port) is None:
        problems.append(f"{where}: expected <Port> to be a port number but received {port!r}")
    for child in protocol:
        tag = child.tag.removeprefix(f"{{{NS_OUTLOOK}}}")
        if tag not in PROTOCOL_CHILDREN:
            problems.append(f"{where}: <{tag}> is not an element of a POX <Protocol>")
    login = protocol.find(_q("LoginName"))
    if login is not None:
        problems.append(
            f"{where}: expected no <LoginName> (optional; Outlook then uses the typed "
            f"address) but received {login.text or ''!r}"
        )
    return problems


def parse(data: bytes) -> list[Offered]:
    """Each `Protocol` as Outlook would connect, in file order; assumes `validate` passed."""
    account = ET.fromstring(data).find(f"{_q('Response')}/{_q('Account')}")
    assert account is not None
    protocols = {v: k for k, v in TYPES.items()}
    securities = {v: k for k, v in ENCRYPTION.items()}
    return [
        Offered(
            f"Protocol[{index}]",
            Connection(
                protocol=cast(Protocol, protocols[protocol.findtext(_q("Type")) or ""]),
                host=(protocol.findtext(_q("Server")) or "").strip(),
                port=int(protocol.findtext(_q("Port")) or 0),
                security=cast(Security, securities[protocol.findtext(_q("Encryption")) or ""]),
                username="email-address",
            ),
        )
        for index, protocol in enumerate(account.findall(_q("Protocol")), 1)
    ]
