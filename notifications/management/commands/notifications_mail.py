import time

from django.core.management.base import BaseCommand

from notifications.mail import mail_due_notifications


class Command(BaseCommand):
    help = (
        "E-mail members who were offline about their unread notifications "
        "(batched; see notifications/mail.py). --loop N repeats every N seconds."
    )

    def add_arguments(self, parser):
        parser.add_argument("--loop", type=int, default=0, metavar="SECONDS")

    def handle(self, *args, loop: int = 0, **options):
        while True:
            sent = mail_due_notifications()
            self.stdout.write(f"Sent {sent} notification mail(s).")
            if loop <= 0:
                return
            time.sleep(loop)
