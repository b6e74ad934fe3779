"""Sign-in that holds: TOTP secrets encrypted at rest, recovery codes, tokens that expire.

Reviewed by hand.

- ``user_account.totp_secret`` (plain base32) becomes ``totp_secret_encrypted`` (a Fernet token,
  about 140 characters; 255 leaves room). The upgrade encrypts every existing secret with the
  first key of the application's ``PORTAL_ENCRYPTION_KEY`` (the same setting the portal reads,
  generated beside the secret key by the embedded default), the downgrade decrypts them back;
  nobody has to set up two-factor again either way. A secret no key opens stops the upgrade.
  The column is added and dropped with plain ALTER TABLE (SQLite has DROP COLUMN since 3.35):
  a batch copy of ``user_account`` would drop the table, and with SQLite's foreign keys on, the
  rows of every table that cascades from it.
- ``recovery_code``: the SHA-256 digests of single-use recovery codes; the downgrade drops them.
- ``api_token.scope`` (``read`` or ``read_write``) and ``api_token.expires_at``. Existing tokens
  keep every method (``read_write``) and expire 90 days after the upgrade, so that integrations
  keep working while their owners make tokens with an expiry of their choosing.

Revision ID: d8a3f1c6e2b7
Revises: c4d7e1a9b2f3
Create Date: 2026-12-05 09:00:00.000000
"""
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op
from cryptography.fernet import Fernet, MultiFernet
from flask import current_app

revision = "d8a3f1c6e2b7"
down_revision = "c4d7e1a9b2f3"
branch_labels = None
depends_on = None

EXISTING_TOKEN_DAYS = 90

users = sa.table("user_account", sa.column("id", sa.Integer()),
                 sa.column("totp_secret", sa.String()),
                 sa.column("totp_secret_encrypted", sa.String()))
api_tokens = sa.table("api_token", sa.column("expires_at", sa.DateTime(timezone=True)))


def _fernet() -> MultiFernet:
    keys = current_app.config["PORTAL_ENCRYPTION_KEY"].split(",")
    return MultiFernet([Fernet(key.strip()) for key in keys])


def _convert(source: str, target: str, transform) -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(users.c.id, users.c[source]).where(users.c[source].is_not(None))).all()
    for user_id, value in rows:
        connection.execute(users.update().where(users.c.id == user_id)
                           .values({target: transform(value)}))


def upgrade():
    op.add_column("user_account",
                  sa.Column("totp_secret_encrypted", sa.String(length=255), nullable=True))
    fernet = _fernet()
    _convert("totp_secret", "totp_secret_encrypted",
             lambda secret: fernet.encrypt(secret.encode()).decode())
    op.drop_column("user_account", "totp_secret")

    op.create_table(
        "recovery_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"],
                                name=op.f("fk_recovery_code_user_id_user_account"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recovery_code")),
        sa.UniqueConstraint("digest", name=op.f("uq_recovery_code_digest")),
    )
    with op.batch_alter_table("recovery_code") as batch_op:
        batch_op.create_index(batch_op.f("ix_recovery_code_user_id"), ["user_id"], unique=False)

    with op.batch_alter_table("api_token") as batch_op:
        batch_op.add_column(sa.Column("scope", sa.String(length=10), nullable=False,
                                      server_default="read_write"))
        batch_op.add_column(sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))
    op.execute(api_tokens.update().values(
        expires_at=datetime.now(UTC) + timedelta(days=EXISTING_TOKEN_DAYS)))
    with op.batch_alter_table("api_token") as batch_op:
        batch_op.alter_column("scope", server_default=None)
        batch_op.alter_column("expires_at", existing_type=sa.DateTime(timezone=True),
                              nullable=False)
        batch_op.create_check_constraint(op.f("ck_api_token_scope_known"),
                                         "scope IN ('read', 'read_write')")


def downgrade():
    with op.batch_alter_table("api_token") as batch_op:
        batch_op.drop_constraint(op.f("ck_api_token_scope_known"), type_="check")
        batch_op.drop_column("expires_at")
        batch_op.drop_column("scope")

    with op.batch_alter_table("recovery_code") as batch_op:
        batch_op.drop_index(batch_op.f("ix_recovery_code_user_id"))
    op.drop_table("recovery_code")

    op.add_column("user_account", sa.Column("totp_secret", sa.String(length=64), nullable=True))
    fernet = _fernet()
    _convert("totp_secret_encrypted", "totp_secret",
             lambda token: fernet.decrypt(token.encode()).decode())
    op.drop_column("user_account", "totp_secret_encrypted")
