"""``congdoan create-token USERNAME``: a personal API token, printed alone on the last line."""

from django.core.management.base import BaseCommand, CommandError

from congdoan.accounts.models import User
from congdoan.accounts.services import create_token


class Command(BaseCommand):
    # Records written here (history reasons, audit summaries) use the site language.
    leave_locale_alone = True
    help = "Create a personal API token for USERNAME and print it (last line, alone)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="command line")
        parser.add_argument("--days", type=int, default=None, help="Expire after N days.")

    def handle(self, *args, username: str, name: str, days: int | None, **options):
        user = User.objects.filter(username__iexact=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user named {username!r}.")
        token, key = create_token(user=user, name=name, days=days)
        self.stderr.write(
            f"Token {token.name!r} for {user.username} (send as 'Authorization: Bearer <token>'):"
        )
        self.stdout.write(key)
