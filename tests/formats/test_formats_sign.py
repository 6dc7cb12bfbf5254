"""`kb sign-profile` signs the .mobileconfig so a device verifies it against the provider's CA.

A self-made CA (root, intermediate, signing certificate) stands in for the provider's. OpenSSL's
`cms -verify` plays the device: it checks the signature and the path to the root, and hands back
the profile carried inside.
"""

from __future__ import annotations

import datetime
import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from kb.cli import main as kb
from kb.formats import render_all

MOBILECONFIG = "downloads/infomaniak-mail.mobileconfig"
PEM = serialization.Encoding.PEM


def _cert(name, key, issuer=None, issuer_key=None, *, ca):
    now = datetime.datetime.now(datetime.UTC)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.subject if issuer else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=not ca,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    )
    return builder.sign(issuer_key or key, hashes.SHA256())


def make_ca(folder: Path, name: str) -> dict[str, Path]:
    """A root, an intermediate and a signing certificate, as PEM files in `folder`."""
    keys = [ec.generate_private_key(ec.SECP256R1()) for _ in range(3)]
    root = _cert(f"{name} root", keys[0], ca=True)
    middle = _cert(f"{name} intermediate", keys[1], root, keys[0], ca=True)
    leaf = _cert(f"{name} profile signing", keys[2], middle, keys[1], ca=False)
    key_pem = keys[2].private_bytes(
        PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    files = {
        "root": root.public_bytes(PEM),
        "chain": middle.public_bytes(PEM),
        "cert": leaf.public_bytes(PEM),
        "key": key_pem,
    }
    folder.mkdir(parents=True, exist_ok=True)
    for part, data in files.items():
        (folder / f"{part}.pem").write_bytes(data)
    return {part: folder / f"{part}.pem" for part in files}


def device_verifies(signed: Path, root: Path, out: Path) -> subprocess.CompletedProcess:
    """OpenSSL checks the signature and the chain up to `root`, writing the content to `out`."""
    cmd = ["openssl", "cms", "-verify", "-inform", "DER", "-in", str(signed)]
    cmd += ["-CAfile", str(root), "-out", str(out)]
    return subprocess.run(cmd, capture_output=True, text=True, check=False)


@pytest.fixture
def profile(settings, tmp_path) -> tuple[Path, bytes]:
    data = render_all(settings)[MOBILECONFIG]
    path = tmp_path / "site" / "infomaniak-mail.mobileconfig"
    path.parent.mkdir()
    path.write_bytes(data)
    return path, data


@pytest.fixture
def ca(tmp_path) -> dict[str, Path]:
    return make_ca(tmp_path / "ca", "Provider")


def with_env(monkeypatch, ca):
    monkeypatch.setenv("KB_MOBILECONFIG_SIGNING_KEY", str(ca["key"]))
    monkeypatch.setenv("KB_MOBILECONFIG_SIGNING_CERT", str(ca["cert"]))
    monkeypatch.setenv("KB_MOBILECONFIG_SIGNING_CHAIN", str(ca["chain"]))


def test_signed_profile_verifies_against_the_ca_and_carries_the_same_plist(
    monkeypatch, profile, ca, tmp_path
):
    path, unsigned = profile
    with_env(monkeypatch, ca)
    assert kb(["sign-profile", str(path)]) == 0
    assert path.read_bytes() != unsigned
    result = device_verifies(path, ca["root"], tmp_path / "content")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "content").read_bytes() == unsigned


def test_a_profile_signed_by_another_ca_does_not_verify(monkeypatch, profile, ca, tmp_path):
    path, _ = profile
    with_env(monkeypatch, make_ca(tmp_path / "other", "Someone else"))
    assert kb(["sign-profile", str(path)]) == 0
    result = device_verifies(path, ca["root"], tmp_path / "content")
    assert result.returncode != 0
    assert "certificate verify error" in result.stderr


def test_an_edited_signed_profile_does_not_verify(monkeypatch, profile, ca, tmp_path):
    path, _ = profile
    with_env(monkeypatch, ca)
    kb(["sign-profile", str(path)])
    signed = path.read_bytes()
    path.write_bytes(signed.replace(b"<integer>993</integer>", b"<integer>995</integer>", 1))
    assert path.read_bytes() != signed
    assert device_verifies(path, ca["root"], tmp_path / "content").returncode != 0


def test_without_the_chain_the_device_cannot_reach_the_root(monkeypatch, profile, ca, tmp_path):
    path, _ = profile
    out = tmp_path / "signed.mobileconfig"
    args = ["sign-profile", str(path), "--out", str(out)]
    assert kb([*args, "--key", str(ca["key"]), "--cert", str(ca["cert"])]) == 0
    assert device_verifies(out, ca["root"], tmp_path / "content").returncode != 0


def test_a_key_that_is_not_the_certificates_is_refused_and_nothing_written(
    monkeypatch, profile, ca, tmp_path, capsys
):
    path, unsigned = profile
    with_env(monkeypatch, ca)
    other = make_ca(tmp_path / "other", "Someone else")
    monkeypatch.setenv("KB_MOBILECONFIG_SIGNING_KEY", str(other["key"]))
    assert kb(["sign-profile", str(path)]) == 1
    assert path.read_bytes() == unsigned
    assert capsys.readouterr().err.splitlines()[0] == (
        f"{path}:1:1: signature: the private key does not belong to the signing certificate"
    )


def test_an_encrypted_key_is_opened_with_the_passphrase_from_the_environment(
    monkeypatch, profile, ca, tmp_path
):
    path, unsigned = profile
    key = serialization.load_pem_private_key(ca["key"].read_bytes(), None)
    locked = tmp_path / "locked.pem"
    # A throwaway key made by this test; the passphrase protects nothing real.
    phrase = b"test-only-passphrase"
    locked.write_bytes(
        key.private_bytes(
            PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(phrase),
        )
    )
    with_env(monkeypatch, ca)
    monkeypatch.setenv("KB_MOBILECONFIG_SIGNING_KEY", str(locked))
    monkeypatch.setenv("KB_MOBILECONFIG_SIGNING_PASSPHRASE", phrase.decode())
    assert kb(["sign-profile", str(path)]) == 0
    assert device_verifies(path, ca["root"], tmp_path / "content").returncode == 0
    assert (tmp_path / "content").read_bytes() == unsigned


def test_signing_without_a_key_says_what_to_set(monkeypatch, profile, capsys):
    path, unsigned = profile
    for var in ("KEY", "CERT", "CHAIN"):
        monkeypatch.delenv(f"KB_MOBILECONFIG_SIGNING_{var}", raising=False)
    assert kb(["sign-profile", str(path)]) == 2
    assert path.read_bytes() == unsigned
    assert capsys.readouterr().err == (
        "kb sign-profile: no signing --key or KB_MOBILECONFIG_SIGNING_KEY and "
        "--cert or KB_MOBILECONFIG_SIGNING_CERT given\n"
    )


def test_a_file_that_is_not_a_profile_is_not_signed(monkeypatch, ca, tmp_path, capsys):
    path = tmp_path / "page.html"
    path.write_bytes(b"<html></html>")
    with_env(monkeypatch, ca)
    assert kb(["sign-profile", str(path)]) == 1
    assert path.read_bytes() == b"<html></html>"
    assert capsys.readouterr().err.startswith(
        f"{path}:1:1: signature: not a valid profile, so not signed: expected a dictionary"
    )
