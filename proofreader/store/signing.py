"""The per-installation signing key: which installation wrote an export, and that nobody
changed it since.

Each installation has a random 32-byte key in its data folder (``signing.key``, created on
first use, readable only by its user). An export carries the key's id (the first 16 hex
digits of the key's SHA-256) and an HMAC-SHA256 of the export's digest under the key. The
central office registers the key of every installation it accepts once (``proofreader
trust``); a file whose HMAC does not match was changed after export (or forged) and is
refused. Without the key nobody can make a valid signature, so recomputing the digest of
an altered file does not help.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets

from ..errors import StoreError

KEY_BYTES = 32
_KEY_RE = re.compile(r"^[0-9a-f]{64}$")


def key_path() -> str:
    """Where this installation's key lives (``PROOFREADER_KEY_FILE`` overrides it)."""
    override = os.environ.get("PROOFREADER_KEY_FILE")
    if override:
        return override
    from .schema import default_db_path

    return os.path.join(os.path.dirname(default_db_path()), "signing.key")


def read_key_file(path: str) -> bytes:
    """A key file: 64 hex digits (and an optional name after them on the line)."""
    try:
        with open(path, encoding="ascii", errors="replace") as fh:
            text = fh.read(4096)
    except OSError as exc:
        raise StoreError(f"无法读取密钥文件 {path}：{exc.strerror}", f"cannot read the key file {path}: {exc.strerror}") \
            from None
    word = text.strip().split()[0].lower() if text.strip() else ""
    if not _KEY_RE.match(word):
        raise StoreError(f"{path} 不是本工具的密钥文件", f"{path} is not a signing key file of this tool")
    return bytes.fromhex(word)


def installation_key() -> bytes:
    """This installation's key, created (atomically, mode 0600) the first time."""
    path = key_path()
    if os.path.exists(path):
        return read_key_file(path)
    key = secrets.token_bytes(KEY_BYTES)
    folder = os.path.dirname(path) or "."
    os.makedirs(folder, exist_ok=True)
    tmp = f"{path}.{os.getpid()}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, (key.hex() + "\n").encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(tmp, path)  # never replaces a key another process created meanwhile
    except FileExistsError:
        pass
    finally:
        os.unlink(tmp)
    return read_key_file(path)


def key_id(key: bytes) -> str:
    return hashlib.sha256(key).hexdigest()[:16]


def sign(key: bytes, digest: str) -> str:
    return hmac.new(key, digest.encode("ascii"), hashlib.sha256).hexdigest()


def verify(key: bytes, digest: str, signature: str) -> bool:
    return hmac.compare_digest(sign(key, digest), signature)
