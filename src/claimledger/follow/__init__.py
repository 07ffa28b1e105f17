"""Follow a story as it develops: fetch pages, archive them in WARC, poll feeds, raise alerts.

Modules, in the order the data flows:

* :mod:`.robots` — robots.txt rules, cached per host;
* :mod:`.fetch` — one polite HTTP client (retries, rate limits, size and redirect bounds);
* :mod:`.archive` — every page read goes into a WARC file, so every claim traces to bytes;
* :mod:`.pages` — fetched + archived pages become :class:`~claimledger.models.Document`;
* :mod:`.feeds` — RSS/Atom feeds and news sitemaps to feed items;
* :mod:`.storyfilter` — which items belong to the story (keyword query or similarity);
* :mod:`.state` — what has been fetched and seen, kept in the ledger so a restart resumes;
* :mod:`.alerts` — new and changed figures, new conflicts, sent to the terminal, a file, a webhook;
* :mod:`.watch` — the polling loop that ties them together.
"""
