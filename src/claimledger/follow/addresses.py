"""Refuse URLs that resolve to private, loopback or link-local addresses.

A feed or a redirect is untrusted input: without this check a hostile feed could make
``claimledger watch`` request ``http://169.254.169.254/`` (cloud metadata), the local web
UI, or a router's admin page, and archive the answer (server-side request forgery).  Every
hop of a fetch — the first URL and each redirect — is checked.  ``--allow-private`` (or
``CLAIMLEDGER_ALLOW_PRIVATE=1``) lifts the rule for intranet sources and for tests that
serve pages on 127.0.0.1.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from urllib.parse import urlsplit

from claimledger.errors import InputError


class PrivateAddress(InputError):
    code = "E215"


def allow_private_default() -> bool:
    return os.environ.get("CLAIMLEDGER_ALLOW_PRIVATE") == "1"


def _is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast
                or ip.is_reserved or ip.is_unspecified)


def check_public(url: str) -> None:
    """Raise :class:`PrivateAddress` unless every address ``url``'s host resolves to is public.

    A host that does not resolve passes: the fetch itself then fails with a clear message.
    """
    host = urlsplit(url).hostname or ""
    try:
        addresses = {ipaddress.ip_address(host)}
    except ValueError:
        try:
            infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
        except (OSError, UnicodeError):
            return
        addresses = {ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos}
    bad = sorted(str(a) for a in addresses if not _is_public(a))
    if bad:
        raise PrivateAddress(
            f"{url}: {host} resolves to a private or local address ({', '.join(bad)}); not fetched.",
            hint="Pages on your own network are refused so that a feed cannot make claimledger probe it; "
            "pass --allow-private if you mean to read an intranet source.")
