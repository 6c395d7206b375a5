"""Tables of the ORM document backend (used when MONGO_URL is not set)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseSensitiveCharField(models.CharField):
    """A CharField that compares code point by code point on every database.

    MySQL's default utf8mb4 collations fold case and accents, so "Room" and
    "room" (or two client ids differing in case) would collide in a unique
    index there but not on SQLite or MongoDB. The collation is chosen here,
    not in ``db_collation``, so the migration stays the same on every database.
    """

    def db_parameters(self, connection):
        params = super().db_parameters(connection)
        if connection.vendor == "mysql" and not self.db_collation:
            params["collation"] = "utf8mb4_bin"
        return params


class StoredDocument(models.Model):
    collection = models.CharField(_("collection"), max_length=64)
    partition = CaseSensitiveCharField(_("partition"), max_length=128)
    seq = models.PositiveBigIntegerField(_("sequence number"))
    idempotency_key = CaseSensitiveCharField(
        _("idempotency key"), max_length=128, null=True, blank=True
    )
    data = models.JSONField(_("data"), default=dict)
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("stored document")
        verbose_name_plural = _("stored documents")
        constraints = [
            # Also the index every range query and count walks.
            models.UniqueConstraint(
                fields=["collection", "partition", "seq"],
                name="docstore_document_seq_unique",
            ),
            # NULL keys never collide (SQLite, MySQL and PostgreSQL alike), so
            # no partial index is needed; MariaDB could not have one anyway.
            models.UniqueConstraint(
                fields=["collection", "partition", "idempotency_key"],
                name="docstore_document_key_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.collection}/{self.partition}#{self.seq}"


class PartitionCounter(models.Model):
    """The last seq handed out in one partition of one collection."""

    collection = models.CharField(_("collection"), max_length=64)
    partition = CaseSensitiveCharField(_("partition"), max_length=128)
    last_seq = models.PositiveBigIntegerField(_("last sequence number"), default=0)

    class Meta:
        verbose_name = _("partition counter")
        verbose_name_plural = _("partition counters")
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "partition"],
                name="docstore_counter_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.collection}/{self.partition}: {self.last_seq}"
