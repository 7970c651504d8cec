"""The bot's Matrix device: login, the stores that must survive restarts, encryption and
cross-signing.

Everything that makes the bot the same device after a restart lives in one directory
(`PORTFOLIOBOT_MATRIX_STORE_DIR`, default `<data dir>/matrix`): the device id, the Olm
account and sessions, the room keys, the room state (who is in a room, its power levels,
whether it is encrypted) and the sync token. mautrix's own stores hold them in one SQLite
file (`matrix.db`), with their own schema upgrades; the pickle key that encrypts the Olm
data at rest is a random file beside it.

The device is cross-signed, because Element can be set to share room keys only with
cross-signed devices: with `PORTFOLIOBOT_MATRIX_RECOVERY_KEY` the bot signs its device
with the account's cross-signing keys (kept encrypted in the account's secret storage);
without it, an account that has no cross-signing yet gets it on first start, and its
recovery key is shown to the operator once.
"""

from __future__ import annotations

import logging
import secrets
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mautrix.client import Client
from mautrix.client.state_store.asyncpg import PgStateStore
from mautrix.crypto import OlmMachine
from mautrix.crypto.store.asyncpg import PgCryptoStateStore, PgCryptoStore
from mautrix.types import DeviceID, LoginType, TrustState, UserID
from mautrix.util.async_db import Database

if TYPE_CHECKING:
    from pathlib import Path

    from adapters.matrix.config import MatrixConfig

log = logging.getLogger(__name__)

DEVICE_NAME = "portfoliobot"


@dataclass
class Session:
    client: Client
    crypto: OlmMachine
    crypto_store: PgCryptoStore  # also the sync store: the token after a handled batch
    state_store: PgCryptoStateStore
    databases: tuple[Database, Database]

    @property
    def user_id(self) -> UserID:
        return self.client.mxid

    async def close(self) -> None:
        await self.client.api.session.close()
        crypto_db, state_db = self.databases
        await crypto_db.stop()
        await state_db.stop()


def _pickle_key(directory: Path) -> str:
    path = directory / "pickle.key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


async def open_session(config: MatrixConfig, directory: Path) -> Session:
    assert config.homeserver and config.user_id, "Matrix is not configured"
    directory.mkdir(parents=True, exist_ok=True)  # noqa: ASYNC240 - once, at start
    # One SQLite file, one connection pool, two schemas with their own version tables:
    # mautrix runs room-state queries inside crypto-store transactions, on one connection.
    url = f"sqlite:{directory / 'matrix.db'}"
    state_db = Database.create(url, upgrade_table=PgStateStore.upgrade_table)
    crypto_db = Database.create(url, upgrade_table=PgCryptoStore.upgrade_table)
    crypto_db.override_pool(state_db)
    await state_db.start()
    await crypto_db.start()
    state_store = PgCryptoStateStore(state_db)
    crypto_store = PgCryptoStore(config.user_id, _pickle_key(directory), crypto_db)
    await crypto_store.open()
    client = Client(
        mxid=UserID(config.user_id),
        base_url=config.homeserver,
        state_store=state_store,
        sync_store=crypto_store,
    )
    await _log_in(client, config, await crypto_store.get_device_id())
    await crypto_store.put_device_id(client.device_id)
    crypto = OlmMachine(client, crypto_store, state_store)
    # Members' devices are often not cross-signed: the bot still shares its room keys with
    # them (it writes to the member, who asked); it asks nothing of their trust.
    crypto.share_keys_min_trust = TrustState.UNVERIFIED
    crypto.send_keys_min_trust = TrustState.UNVERIFIED
    client.crypto = crypto
    await crypto.load()
    assert crypto.account is not None
    if not crypto.account.shared:
        await crypto.share_keys()
    await _cross_sign(crypto, config)
    return Session(client, crypto, crypto_store, state_store, (crypto_db, state_db))


async def _log_in(client: Client, config: MatrixConfig, known_device: DeviceID | None) -> None:
    if config.access_token is not None and config.access_token.get_secret_value().strip():
        client.api.token = config.access_token.get_secret_value().strip()
        whoami = await client.whoami()
        if whoami.user_id != client.mxid:
            raise RuntimeError(
                f"PORTFOLIOBOT_MATRIX_ACCESS_TOKEN belongs to {whoami.user_id}, "
                f"not to {client.mxid}"
            )
        if known_device and whoami.device_id != known_device:
            raise RuntimeError(
                f"The access token is for device {whoami.device_id}, but the crypto store "
                f"holds device {known_device}: use a token of that device, or a new store "
                "directory (a new device)."
            )
        assert whoami.device_id, "the homeserver did not say which device the token is for"
        client.device_id = whoami.device_id
        return
    assert config.password is not None
    await client.login(
        identifier=client.mxid,
        login_type=LoginType.PASSWORD,
        password=config.password.get_secret_value(),
        device_id=known_device,
        device_name=DEVICE_NAME,
        store_access_token=True,
        update_hs_url=False,
    )


async def _cross_sign(crypto: OlmMachine, config: MatrixConfig) -> None:
    if config.recovery_key is not None and config.recovery_key.get_secret_value().strip():
        await crypto.verify_with_recovery_key(config.recovery_key.get_secret_value().strip())
        log.info("Matrix: device %s cross-signed with the recovery key", crypto.client.device_id)
        return
    if await crypto.get_own_cross_signing_public_keys() is not None:
        log.warning(
            "Matrix: the account has cross-signing keys but no PORTFOLIOBOT_MATRIX_RECOVERY_KEY "
            "is set, so this device stays unsigned; Element may then not share room keys."
        )
        return
    recovery_key = await crypto.generate_recovery_key()
    print(
        "Matrix: cross-signing is set up for this bot account. Its recovery key, shown only "
        f"this once — keep it and set it as PORTFOLIOBOT_MATRIX_RECOVERY_KEY:\n  {recovery_key}",
        file=sys.stderr,
    )
