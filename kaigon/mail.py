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
