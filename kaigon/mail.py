import uuid
from datetime import datetime
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend


class OneFilePerMessageBackend(EmailBackend):
    """Write each mail to its own file under EMAIL_FILE_PATH (embedded default)."""

    def send_messages(self, email_messages):
        sent = 0
        for message in email_messages:
            self._fname = None  # a new file name for every message
            sent += super().send_messages([message])
            self.close()
        return sent

    def _get_filename(self) -> str:
        # Django names files by time and id(self), which repeats when two
        # mails leave in the same second from backends at the same address.
        if self._fname is None:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            self._fname = str(Path(self.file_path) / f"{stamp}-{uuid.uuid4().hex}.log")
        return self._fname
