"""The web page at ``/``, driven in a real headless chromium over a real server.

Debian's ``/usr/bin/chromium`` is used as installed (Playwright never downloads a
browser here); the tests skip without it or without the ``playwright`` package. Every
request the page makes outside the test server is refused and reported, so a CDN or
any other outside dependency fails the test instead of silently hanging.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from queries.exports import EXPORTS

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CLEARVIEW = "company-clearview-ai"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.server,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Debian's chromium (/usr/bin/chromium) is not installed"
    ),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
expect = sync_api.expect


@dataclass
class Tab:
    """A page in a fresh browser context, with what went wrong in it."""

    page: sync_api.Page
    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)

    def check_clean(self) -> None:
        assert self.errors == [], self.errors
        assert self.outside == [], f"the page reached outside the server: {self.outside}"


@pytest.fixture(scope="module")
def browser() -> Iterator[sync_api.Browser]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def tab(browser: sync_api.Browser, server) -> Iterator[Tab]:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=server.url)
    context.set_default_timeout(15_000)
    tab = Tab(context.new_page())

    def only_the_server(route: sync_api.Route) -> None:
        if route.request.url.startswith(server.url + "/"):
            route.continue_()
        else:
            tab.outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_the_server)
    tab.page.on("pageerror", lambda error: tab.errors.append(f"page error: {error}"))
    tab.page.on("console", lambda msg: tab.errors.append(msg.text) if msg.type == "error" else None)
    yield tab
    context.close()


def open_clearview_by_search(page: sync_api.Page) -> None:
    page.goto("/")
    page.get_by_label("Search an entity").fill("Clearview")
    page.get_by_role("button", name="Search", exact=True).click()
    page.locator("#results a", has_text="Clearview AI").click()
    expect(page.locator("#entity-name")).to_have_text("Clearview AI")


def wait_for_graph(page: sync_api.Page, focus: str) -> None:
    page.wait_for_function(
        """focus => document.querySelectorAll('#graph g.node').length >= 2
                 && document.querySelectorAll('#graph g.edge').length >= 1
                 && document.querySelector('#graph g.node.focus')?.dataset.id === focus""",
        arg=focus,
    )


def test_search_open_entity_see_graph_and_run_sparql(tab: Tab, server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = tab.page
    open_clearview_by_search(page)
    expect(page).to_have_url(re.compile(f"#entity/{CLEARVIEW}$"))

    expect(page.locator(".relationships .rel").first).to_be_visible()
    expect(page.locator(".rel-group[data-relation=supplies] h4")).to_contain_text("Supplies")
    expect(page.locator("blockquote.evidence", has_text="sells its search tool").first).to_be_visible()
    expect(page.locator(".relationships .source a").first).to_have_attribute(
        "href", re.compile("^/articles/")
    )

    wait_for_graph(page, CLEARVIEW)
    neighbours = httpx.get(f"{server.url}/entities/{CLEARVIEW}/neighbors", params={"depth": 1}).json()
    drawn = page.locator("#graph g.node").evaluate_all("gs => gs.map(g => g.dataset.id)")
    assert sorted(drawn) == sorted(n["id"] for n in neighbours["nodes"])
    places = page.locator("#graph g.node").evaluate_all("gs => gs.map(g => g.getAttribute('transform'))")
    assert len(set(places)) == len(places) and not any("NaN" in p for p in places), places
    expect(page.locator("#graph g.edge text", has_text="supplies").first).to_be_visible()

    for where, entity in (("#whole-exports", None), ("#neighbourhood-exports", CLEARVIEW)):
        hrefs = page.locator(f"{where} a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
        queries = [parse_qs(urlsplit(h).query) for h in hrefs]
        assert sorted(q["format"][0] for q in queries) == sorted(EXPORTS)
        assert all(q.get("entity", [None])[0] == entity for q in queries)

    page.get_by_role("button", name="Run query").click()
    rows = page.locator("#sparql-results tbody tr")
    expect(rows.first).to_be_visible()
    expect(page.locator("#sparql-results tbody")).to_contain_text("San Francisco")

    shot = tmp_path / "techkg-page.png"
    page.evaluate("window.scrollTo(0, 0)")  # the sticky sidebar sits where the view is scrolled
    page.screenshot(path=str(shot), full_page=True)
    print(f"screenshot: {shot}")
    assert shot.stat().st_size > 20_000
    tab.check_clean()


def test_counterpart_link_opens_that_entity(tab: Tab) -> None:
    page = tab.page
    open_clearview_by_search(page)
    page.locator(
        ".rel-group[data-relation=offers] a.counterpart", has_text="facial recognition"
    ).first.click()
    expect(page).to_have_url(re.compile("#entity/technology-facial-recognition$"))
    expect(page.locator("#entity-name")).to_have_text("facial recognition")
    expect(page.locator(".rel-group[data-relation=offers][data-direction=in]")).to_contain_text(
        "Clearview AI"
    )
    wait_for_graph(page, "technology-facial-recognition")
    page.go_back()
    expect(page.locator("#entity-name")).to_have_text("Clearview AI")
    tab.check_clean()


def test_graph_nodes_drag_and_open(tab: Tab) -> None:
    page = tab.page
    page.goto(f"/#entity/{CLEARVIEW}")
    wait_for_graph(page, CLEARVIEW)
    node = page.locator("#graph g.node[data-id=sector-police]")
    before = node.get_attribute("transform")
    box = node.locator("circle").bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 40, y + 30, steps=5)
    page.mouse.up()
    assert node.get_attribute("transform") != before
    expect(page).to_have_url(re.compile(f"#entity/{CLEARVIEW}$"))  # a drag is not a click

    node.locator("circle").click()
    expect(page).to_have_url(re.compile("#entity/sector-police$"))
    expect(page.locator("#entity-name")).to_have_text("police")
    tab.check_clean()


def test_errors_are_shown_readably(tab: Tab) -> None:
    page = tab.page
    page.goto("/#entity/no-such-entity")
    expect(page.locator("#entity .problem")).to_contain_text("Not found")
    expect(page.locator("#entity .problem")).to_contain_text("no-such-entity")

    page.get_by_label("Query").fill("SELECT WHERE { oops")
    page.get_by_role("button", name="Run query").click()
    problem = page.locator("#sparql-results .problem")
    expect(problem).to_contain_text("Bad SPARQL")
    expect(problem).to_contain_text("syntax error")
    expect(page.locator("#sparql-results table")).to_have_count(0)
    # chromium logs each refused fetch on the console; those two are the point of this test
    tab.errors = [e for e in tab.errors if not re.search(r"status of (400|404) ", e)]
    tab.check_clean()
