"""`qashyq lrs client-add|client-list|client-revoke`: the LRS clients from the shell
(FP-1), for deployments scripted without the administrators' page.

    qashyq lrs client-add "MOOC platform" --read all
    qashyq lrs client-list
    qashyq lrs client-revoke <key>

`client-add` prints the key, the secret and the bearer token once; only their digests
are kept.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from qashyq.lrs import selectors, services
from qashyq.lrs.models import Client, ReadScope


class Command(BaseCommand):
    help = "Issue, list and revoke the credentials of LRS (xAPI) clients."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        add = actions.add_parser("client-add", help="issue credentials to a new client")
        add.add_argument("name", help="the platform that will use them")
        add.add_argument(
            "--read",
            choices=[s.value for s in ReadScope],
            default=ReadScope.OWN.value,
            help="which statements it may read (default: its own)",
        )
        add.add_argument("--no-write", action="store_true", help="it may not send statements")
        add.add_argument(
            "--no-documents", action="store_true", help="it may not use the document resources"
        )
        actions.add_parser("client-list", help="every client, newest first")
        revoke = actions.add_parser("client-revoke", help="revoke a client's credentials")
        revoke.add_argument("key", help="the client's key")

    def handle(self, *args: object, **options: object) -> None:
        action = options["action"]
        if action == "client-add":
            client, credentials = services.client_create(
                name=str(options["name"]),
                read_scope=str(options["read"]),
                can_write_statements=not options["no_write"],
                can_documents=not options["no_documents"],
            )
            self.stdout.write(f"client {client.pk}: {client.name}")
            self.stdout.write(f"key     {credentials.key}")
            self.stdout.write(f"secret  {credentials.secret}")
            self.stdout.write(f"token   {credentials.token}")
            self.stdout.write("The secret and the token are shown only this once.")
        elif action == "client-list":
            for listed in selectors.client_list():
                self.stdout.write(_describe(listed))
        else:
            found = selectors.client_list().filter(key=str(options["key"])).first()
            if found is None:
                msg = f"no client has the key {options['key']}"
                raise CommandError(msg)
            services.client_revoke(client=found)
            self.stdout.write(f"revoked: {_describe(found)}")


def _describe(client: Client) -> str:
    rights = [
        "write" if client.can_write_statements else "no-write",
        f"read:{client.read_scope}",
        "documents" if client.can_documents else "no-documents",
    ]
    state = "active" if client.active else f"revoked {client.revoked_at:%Y-%m-%d %H:%M}"
    return f"{client.key}\t{client.name}\t{' '.join(rights)}\t{state}"
