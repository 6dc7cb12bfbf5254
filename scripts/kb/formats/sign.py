"""Sign the Apple configuration profile at publish time, so devices show it as "Verified".

A signed profile is CMS (PKCS #7) SignedData with the plist inside, DER-encoded: what
`openssl smime -sign -nodetach -outform der` writes and what Apple devices verify against their
trusted roots. The provider supplies the key and certificate (plus any intermediate certificates)
when publishing; the build itself never signs, so no key is needed to build or test the site.

    kb sign-profile site/downloads/infomaniak-mail.mobileconfig

reads PEM files named by KB_MOBILECONFIG_SIGNING_KEY, KB_MOBILECONFIG_SIGNING_CERT and, optionally,
KB_MOBILECONFIG_SIGNING_CHAIN (or --key, --cert, --chain); an encrypted key's passphrase comes
from KB_MOBILECONFIG_SIGNING_PASSPHRASE only, never from the command line.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs7

from kb.errors import KbError, Problem
from kb.formats import mobileconfig

ENV = {
    "key": "KB_MOBILECONFIG_SIGNING_KEY",
    "cert": "KB_MOBILECONFIG_SIGNING_CERT",
    "chain": "KB_MOBILECONFIG_SIGNING_CHAIN",
}
PASSPHRASE = "KB_MOBILECONFIG_SIGNING_PASSPHRASE"
_PUBLIC = (serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


class SigningError(ValueError):
    """The profile, key or certificates cannot make a profile a device would verify."""


def sign_profile(
    profile: bytes,
    key_pem: bytes,
    cert_pem: bytes,
    chain_pem: bytes = b"",
    passphrase: bytes | None = None,
) -> bytes:
    """`profile` signed by the key of `cert_pem`, the chain included for the device to build
    its path to a trusted root; the plist is carried inside, byte for byte."""
    problems = mobileconfig.validate(profile)
    if problems:
        raise SigningError(f"not a valid profile, so not signed: {problems[0]}")
    try:
        key = serialization.load_pem_private_key(key_pem, password=passphrase)
    except (ValueError, TypeError) as exc:
        raise SigningError(f"cannot read the private key: {exc}") from None
    if not isinstance(key, (rsa.RSAPrivateKey, ec.EllipticCurvePrivateKey)):
        raise SigningError("expected an RSA or EC private key")
    try:
        cert = x509.load_pem_x509_certificate(cert_pem)
        chain = x509.load_pem_x509_certificates(chain_pem) if chain_pem.strip() else []
    except ValueError as exc:
        raise SigningError(f"cannot read a certificate: {exc}") from None
    if cert.public_key().public_bytes(*_PUBLIC) != key.public_key().public_bytes(*_PUBLIC):
        raise SigningError("the private key does not belong to the signing certificate")
    builder = pkcs7.PKCS7SignatureBuilder().set_data(profile).add_signer(cert, key, hashes.SHA256())
    for extra in chain:
        builder = builder.add_certificate(extra)
    # No DetachedSignature: the plist travels inside, as devices expect. Binary: byte for byte
    # (without it, line ends would be turned into CRLF as for a MIME text part).
    return builder.sign(serialization.Encoding.DER, [pkcs7.PKCS7Options.Binary])


def main(argv: list[str] | None = None) -> int:
    """`kb sign-profile FILE [--out OUT]`: FILE (or OUT) is replaced only by a signed profile."""
    args = _parser().parse_args(argv)
    paths = {name: getattr(args, name) or os.environ.get(var) for name, var in ENV.items()}
    missing = [f"--{n} or {ENV[n]}" for n in ("key", "cert") if not paths[n]]
    if missing:
        print(f"kb sign-profile: no signing {' and '.join(missing)} given", file=sys.stderr)
        return 2
    source, out = Path(args.file), Path(args.out or args.file)
    passphrase = os.environ.get(PASSPHRASE)
    try:
        files = {name: Path(path).read_bytes() for name, path in paths.items() if path}
        signed = sign_profile(
            source.read_bytes(),
            files["key"],
            files["cert"],
            files.get("chain", b""),
            passphrase.encode() if passphrase else None,
        )
    except OSError as exc:
        return _fail(KbError([Problem(exc.filename or str(source), 1, 1, "", exc.strerror)]))
    except SigningError as exc:
        return _fail(KbError([Problem(str(source), 1, 1, "signature", str(exc))]))
    _replace(out, signed)
    print(f"signed {source} -> {out} ({len(signed)} bytes)")
    return 0


def _fail(err: KbError) -> int:
    print(err.report(), file=sys.stderr)
    print("nothing was written.", file=sys.stderr)
    return 1


def _replace(path: Path, data: bytes) -> None:
    # Written beside the target, then renamed: a reader never sees half a profile.
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as tmp:
        tmp.write(data)
    os.chmod(tmp.name, 0o644)
    os.replace(tmp.name, path)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kb sign-profile", description=__doc__.splitlines()[0])
    parser.add_argument("file", help="the built .mobileconfig (replaced unless --out is given)")
    parser.add_argument("--out", help="write the signed profile here instead")
    parser.add_argument("--key", help=f"PEM private key (default: ${ENV['key']})")
    parser.add_argument("--cert", help=f"PEM signing certificate (default: ${ENV['cert']})")
    parser.add_argument("--chain", help=f"PEM intermediate certificates (${ENV['chain']})")
    return parser
