"""Throwaway certificate authorities for the test mailbox and the contexts that trust them."""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from pathlib import Path

import trustme


@dataclass(frozen=True)
class ServerCert:
    """Files Dovecot serves (certificate chain and key) and the CA file clients trust."""

    ca_path: Path
    cert_path: Path
    key_path: Path
    ca_pem: str


def issue(host: str, folder: Path) -> ServerCert:
    """Create a fresh CA and a certificate for `host`; write the PEM files into `folder`."""
    ca = trustme.CA(organization_name="kb test mailbox")
    cert = ca.issue_cert(host)
    paths = ServerCert(
        ca_path=folder / "ca.pem",
        cert_path=folder / "cert.pem",
        key_path=folder / "key.pem",
        ca_pem=ca.cert_pem.bytes().decode("ascii"),
    )
    ca.cert_pem.write_to_path(str(paths.ca_path))
    paths.key_path.touch(mode=0o600)
    cert.private_key_pem.write_to_path(str(paths.key_path))
    with paths.cert_path.open("wb") as out:
        for pem in cert.cert_chain_pems:
            out.write(pem.bytes())
    return paths


def trusting(ca_pem: str) -> ssl.SSLContext:
    """A verifying client context (host name and chain) that trusts only the given CA."""
    return ssl.create_default_context(cadata=ca_pem)


def foreign_ca_context() -> ssl.SSLContext:
    """A verifying client context trusting a different, unrelated CA: every login must fail."""
    return trusting(trustme.CA(organization_name="kb unrelated CA").cert_pem.bytes().decode())
