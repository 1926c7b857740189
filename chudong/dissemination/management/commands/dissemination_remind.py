"""Queue the nightly reminders about documents near or past their deadline (run by cron)."""

from django.core.management.base import BaseCommand

from chudong.dissemination.tasks import send_due_reminders


class Command(BaseCommand):
    help = "Queue reminders about documents near or past their acknowledgement deadline."

    def handle(self, *args, **options):
        send_due_reminders.enqueue()
        self.stdout.write("queued")
