"""A real Synapse homeserver on 127.0.0.1 for the Matrix tests (not a fake: the real thing).

Started once per test session from the `matrix-synapse` package (an optional test
dependency, installed by scripts/test), on a fresh SQLite database in a temporary
directory, with rate limits relaxed so that tests do not flake, and killed with the test
process even when a run is aborted (PR_SET_PDEATHSIG). Users are registered through the
shared-secret admin API.
"""

from __future__ import annotations

import ctypes
import hashlib
import hmac
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SERVER_NAME = "localhost"
_RELAXED = {"per_second": 1000, "burst_count": 1000}
_START_TIMEOUT = 60.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _die_with_parent() -> None:
    """Runs in the child before exec: SIGTERM it when the test process goes away."""
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    pr_set_pdeathsig = 1
    libc.prctl(pr_set_pdeathsig, signal.SIGTERM)


def _config(directory: Path, port: int, shared_secret: str) -> dict[str, Any]:
    return {
        "server_name": SERVER_NAME,
        "pid_file": str(directory / "homeserver.pid"),
        "listeners": [
            {
                "port": port,
                "bind_addresses": ["127.0.0.1"],
                "type": "http",
                "tls": False,
                "x_forwarded": False,
                "resources": [{"names": ["client"], "compress": False}],
            }
        ],
        "database": {"name": "sqlite3", "args": {"database": str(directory / "homeserver.db")}},
        "log_config": str(directory / "log.yaml"),
        "media_store_path": str(directory / "media"),
        "signing_key_path": str(directory / "signing.key"),
        "registration_shared_secret": shared_secret,
        "macaroon_secret_key": secrets.token_hex(16),
        "form_secret": secrets.token_hex(16),
        "report_stats": False,
        "trusted_key_servers": [],
        "suppress_key_server_warning": True,
        "bcrypt_rounds": 4,
        "presence": {"enabled": False},
        "url_preview_enabled": False,
        "enable_registration": False,
        "rc_message": _RELAXED,
        "rc_registration": _RELAXED,
        "rc_login": {"address": _RELAXED, "account": _RELAXED, "failed_attempts": _RELAXED},
        "rc_joins": {"local": _RELAXED, "remote": _RELAXED},
        "rc_joins_per_room": _RELAXED,
        "rc_invites": {"per_room": _RELAXED, "per_user": _RELAXED, "per_issuer": _RELAXED},
        "rc_room_creation": _RELAXED,
        "rc_3pid_validation": _RELAXED,
        "rc_admin_redaction": _RELAXED,
        "rc_key_requests": _RELAXED,
        "rc_delayed_event_mgmt": _RELAXED,
    }


_LOG_CONFIG = """\
version: 1
formatters:
  precise:
    format: '%(asctime)s - %(name)s - %(lineno)d - %(levelname)s - %(message)s'
handlers:
  file:
    class: logging.FileHandler
    formatter: precise
    filename: {path}
root:
  level: WARNING
  handlers: [file]
disable_existing_loggers: false
"""


@dataclass
class MatrixUser:
    user_id: str
    password: str
    access_token: str
    device_id: str


@dataclass
class Synapse:
    """A running homeserver; `url` is its client-server API base."""

    directory: Path
    port: int
    shared_secret: str
    process: subprocess.Popen[bytes] | None = None
    _users: int = field(default=0)
    _admin: MatrixUser | None = field(default=None)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @classmethod
    def start(cls, directory: Path) -> Synapse:
        directory.mkdir(parents=True, exist_ok=True)
        server = cls(directory, _free_port(), secrets.token_hex(16))
        server._write_config()
        with (directory / "stderr.log").open("wb") as log:
            server.process = subprocess.Popen(
                [sys.executable, "-m", "synapse.app.homeserver", "-c", str(directory / "hs.yaml")],
                cwd=directory,
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent,  # only prctl, no threads touched
            )
        server._wait_until_up()
        return server

    def _write_config(self) -> None:
        from signedjson.key import generate_signing_key, write_signing_keys

        with (self.directory / "signing.key").open("w") as handle:
            write_signing_keys(handle, [generate_signing_key("a_key")])
        (self.directory / "log.yaml").write_text(
            _LOG_CONFIG.format(path=self.directory / "homeserver.log")
        )
        # JSON is YAML: no YAML writer needed.
        config = _config(self.directory, self.port, self.shared_secret)
        (self.directory / "hs.yaml").write_text(json.dumps(config, indent=1))

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + _START_TIMEOUT
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(f"Synapse exited at start; see {self.directory}/stderr.log")
            try:
                with urllib.request.urlopen(f"{self.url}/_matrix/client/versions", timeout=1):
                    return
            except (OSError, urllib.error.URLError):
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"Synapse did not answer in {_START_TIMEOUT:.0f} s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def _request(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"{self.url}{path}",
            data=data,
            method=method,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())

    def limit_messages(self, user_id: str, per_second: float, burst: int) -> None:
        """Synapse's own rate limit for `user_id`'s messages (rc_message, overridden per
        user through the admin API); the server answers 429 M_LIMIT_EXCEEDED beyond it."""
        if self._admin is None:
            self._admin = self.register(admin=True)
        request = urllib.request.Request(
            f"{self.url}/_synapse/admin/v1/users/{user_id}/override_ratelimit",
            data=json.dumps({"messages_per_second": per_second, "burst_count": burst}).encode(),
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {self._admin.access_token}",
            },
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()

    def register(self, localpart: str | None = None, *, admin: bool = False) -> MatrixUser:
        """A new account through the shared-secret admin API, logged in on one device."""
        self._users += 1
        localpart = localpart or f"user{self._users}_{secrets.token_hex(3)}"
        password = secrets.token_hex(8)
        nonce = self._request("GET", "/_synapse/admin/v1/register")["nonce"]
        mac = hmac.new(self.shared_secret.encode(), digestmod=hashlib.sha1)
        mac.update(b"\x00".join([nonce.encode(), localpart.encode(), password.encode()]))
        mac.update(b"\x00admin" if admin else b"\x00notadmin")
        done = self._request(
            "POST",
            "/_synapse/admin/v1/register",
            {
                "nonce": nonce,
                "username": localpart,
                "password": password,
                "admin": admin,
                "mac": mac.hexdigest(),
            },
        )
        return MatrixUser(done["user_id"], password, done["access_token"], done["device_id"])


def synapse_available() -> bool:
    try:
        import synapse  # noqa: F401
    except ImportError:
        return False
    return True


def in_ci() -> bool:
    return "CI" in os.environ
