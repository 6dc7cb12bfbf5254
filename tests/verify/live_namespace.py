"""Run `kb verify --live` where the provider's host name leads to the test mailbox, or nowhere.

Started by the tests as `unshare --mount --net -- python live_namespace.py MODE STEPS RESULTS`,
so it has its own loopback (the test mailbox can listen on the documented ports 993, 465, 587...
whatever else runs on the machine) and its own view of /etc/hosts and /etc/resolv.conf (bind
mounts that vanish with the namespace). Nothing in it can reach the real provider: the namespace
has no network but loopback. MODE is `mailbox` (the host name resolves to 127.0.0.1, where the
test mailbox serves it with a certificate from its own CA, trusted through SSL_CERT_FILE) or
`no-dns` (the host name is in no hosts file and the only name server refuses).

Prints one JSON object: the command's exit code, stdout, stderr and /proc/PID/cmdline. The live
account comes from the environment (KB_LIVE_USER, KB_LIVE_PASSWORD), as for a real run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from kb.mailbox import Mailbox

HOST = "mail.infomaniak.com"


def _mount(folder: Path, name: str, text: str) -> None:
    source = folder / name
    source.write_text(text, "utf-8")
    subprocess.run(["mount", "--bind", str(source), f"/etc/{name}"], check=True)


def main(mode: str, steps: str, results: str) -> int:
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    folder = Path(tempfile.mkdtemp(prefix="kb-live-ns-"))
    hosts = "127.0.0.1 localhost\n" + (f"127.0.0.1 {HOST}\n" if mode == "mailbox" else "")
    _mount(folder, "hosts", hosts)
    _mount(folder, "resolv.conf", "nameserver 127.0.0.1\n")  # nothing listens on port 53
    env = dict(os.environ)
    mailbox = None
    if mode == "mailbox":
        mailbox = Mailbox.start()
        ports = {lst.port: mailbox.endpoint(lst.port) for lst in mailbox.offered}
        if any(address != ("127.0.0.1", port) for port, address in ports.items()):
            print(json.dumps({"error": f"documented ports not served as such: {ports}"}))
            return 1
        env["SSL_CERT_FILE"] = str(mailbox.ca_path)
    try:
        cmd = [sys.executable, "-m", "kb", "verify", "--live", "--results", results, steps]
        child = subprocess.Popen(
            cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        # Popen returns once the program is running, so this is the command line it runs with.
        cmdline = Path(f"/proc/{child.pid}/cmdline").read_bytes().decode(errors="replace")
        out, err = child.communicate()
    finally:
        if mailbox is not None:
            mailbox.stop()
    report = {"returncode": child.returncode, "stdout": out, "stderr": err, "cmdline": cmdline}
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:]))
