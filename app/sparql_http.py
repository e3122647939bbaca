"""One SPARQL 1.1 server over HTTP, spoken in the dialect every server understands.

Servers differ from the protocol in ways that only show on the wire. Virtuoso can hang
on a query POSTed as ``application/sparql-query``, answers HTML to a request without
``Accept``, and takes the first type of an ``Accept`` list whatever the query form. So
every request here is a form POST (``query=`` or ``update=``) with exactly one
``Accept``, chosen by the caller for the query form. Failures become
:class:`~app.store.StoreError` (the server is down, slow, or refuses us) or
:class:`~app.store.QueryError` (the server rejects the text), with the server's own
first line so a person can act on it.
"""

from __future__ import annotations

from collections.abc import Generator

import httpx

from app.store import QueryError, StoreError

RESULTS_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"


class StoreUnreachable(StoreError):
    """The SPARQL server did not answer (down, wrong address, or too slow)."""


class ChallengeAuth(httpx.Auth):
    """Basic or Digest credentials, whichever the server's challenge asks for.

    Virtuoso's ``/sparql-auth`` asks for Digest, Fuseki and GraphDB for Basic; the
    scheme is learnt from the first 401 and used from then on."""

    def __init__(self, user: str, password: str) -> None:
        self._schemes = {"basic": httpx.BasicAuth(user, password), "digest": httpx.DigestAuth(user, password)}
        self._chosen: httpx.Auth | None = None

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self._chosen is None:
            response = yield request
            if response.status_code != 401:
                return
            scheme = response.headers.get("www-authenticate", "basic").split(" ", 1)[0].lower()
            self._chosen = self._schemes.get(scheme, self._schemes["basic"])
        yield from _drive(self._chosen, request)


def _drive(auth: httpx.Auth, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
    """Run another authentication's flow inside ours."""
    flow = auth.auth_flow(request)
    outgoing = next(flow)
    while True:
        response = yield outgoing
        try:
            outgoing = flow.send(response)
        except StopIteration:
            return


class SparqlEndpoint:
    """A SPARQL server's query and update URLs behind one connection pool."""

    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        *,
        user: str | None = None,
        password: str | None = None,
        timeout: float = 60.0,
    ) -> None:
        self.query_url = query_url
        self.update_url = update_url or query_url
        self.timeout = timeout
        auth = ChallengeAuth(user, password or "") if user else None
        self._client = httpx.Client(
            auth=auth,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            headers={"User-Agent": "techkg"},
        )

    def query(
        self,
        text: str,
        accept: str,
        *,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
    ) -> httpx.Response:
        """POST a query as a form and return the answer (status checked)."""
        form: dict[str, str | list[str]] = {"query": text}
        if default_graphs is not None:
            form["default-graph-uri"] = default_graphs
        if named_graphs is not None:
            form["named-graph-uri"] = named_graphs
        return self._post(self.query_url, form, accept)

    def update(self, text: str) -> None:
        """POST an update as a form (the answer's body, a server's chatter, is dropped)."""
        self._post(self.update_url, {"update": text}, RESULTS_JSON)

    def close(self) -> None:
        self._client.close()

    def _post(self, url: str, form: dict[str, str | list[str]], accept: str) -> httpx.Response:
        try:
            response = self._client.post(url, data=form, headers={"Accept": accept})
        except httpx.TimeoutException as exc:
            raise StoreUnreachable(
                f"the SPARQL server at {url} did not answer within {self.timeout:g}s "
                "(TECHKG_STORE_TIMEOUT); is it overloaded, or is the query too costly?"
            ) from exc
        except httpx.HTTPError as exc:
            message = f"cannot reach the SPARQL server at {url} ({exc}); is it running?"
            raise StoreUnreachable(message) from exc
        if response.status_code >= 400:
            raise _failure(url, response)
        return response


def _failure(url: str, response: httpx.Response) -> StoreError:
    """The error a person can act on for a refused request."""
    status, detail = response.status_code, _first_line(response.text)
    if status in (401, 403):
        return StoreError(
            f"the SPARQL server at {url} refused us (HTTP {status}: {detail}); set "
            "TECHKG_STORE_USER and TECHKG_STORE_PASSWORD, or give its anonymous user the right"
        )
    if "SR186" in detail or "permission" in detail.lower():
        return StoreError(
            f"the SPARQL server at {url} does not let us write ({detail}); on Virtuoso grant "
            'SPARQL_UPDATE to the "SPARQL" user, or use /sparql-auth with TECHKG_STORE_USER'
        )
    if status == 400 or status == 500:
        return QueryError(f"the SPARQL server rejected the request (HTTP {status}): {detail}")
    return StoreUnreachable(f"the SPARQL server at {url} failed (HTTP {status}): {detail}")


def _first_line(text: str) -> str:
    """The first non-blank line of an error body, shortened.

    >>> _first_line("\\nVirtuoso 37000 Error SP030: syntax error\\n\\nSPARQL query: ...")
    'Virtuoso 37000 Error SP030: syntax error'
    """
    line = next((part.strip() for part in text.splitlines() if part.strip()), "no detail")
    return line if len(line) <= 300 else line[:300] + "…"
