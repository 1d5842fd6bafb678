"""``fmcat site``: the page's content, its safety with hostile text, and its behaviour in a
real browser (headless Chromium driven by Selenium): search, filters kept in the URL
across a reload and history, keyboard use, and the list with JavaScript off."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from fmcat import store
from fmcat.metrics import Metrics
from fmcat.model import Catalog, Entry
from fmcat.site import page

ROOT = Path(__file__).parents[2]


def shipped_page() -> str:
    return page(store.load(ROOT / "catalog.toml").catalog, Metrics())


def test_every_paper_is_on_the_page_and_nothing_is_loaded_from_elsewhere():
    catalog = store.load(ROOT / "catalog.toml").catalog
    text = page(catalog, Metrics())
    assert text == page(catalog, Metrics())  # deterministic
    assert text.count('<article class="paper"') >= len(catalog.papers)
    for tag in re.findall(r"<(?:script|link|img|iframe)[^>]*>", text):
        assert "src=" not in tag and "href=" not in tag, tag
    assert "<svg" in text and "Papers per year, by section" in text and "Top venues" in text
    for facet in catalog.facets.values():  # a year chart stacked by each facet too
        assert f"Papers per year, by {facet.label}" in text
    assert '<option value="preprint">preprint</option>' in text  # the venue-kind filter
    assert '<option value="conference">conference</option>' in text


def test_hostile_text_stays_text():
    evil = Entry(
        key="x",
        title='</script><script>alert(1)</script><img src=x onerror="alert(2)">',
        authors=["<b>A</b>"],
        url="javascript:alert(3)",
        note="</script>",
        year=2024,
    )
    text = page(Catalog(papers={"x": evil}), Metrics())
    assert "<script>alert(1)" not in text and "<img src=x" not in text
    assert "javascript:" not in text
    assert text.count("</script>") == 3  # the page's own three script elements


@pytest.fixture(scope="module")
def browser():
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    webdriver = pytest.importorskip("selenium.webdriver")
    if not chromium or not driver_path:
        pytest.skip("chromium and chromedriver are not installed")
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    (out / "index.html").write_text(shipped_page(), encoding="utf-8")
    return out / "index.html"


def visible_titles(driver) -> list[str]:
    from selenium.webdriver.common.by import By

    return [e.text for e in driver.find_elements(By.CSS_SELECTOR, "#results .paper h3")]


def test_search_filters_and_the_url_in_a_real_browser(browser, site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    browser.get(site.as_uri())
    search = browser.find_element(By.ID, "q")
    search.send_keys("segment anything")
    WebDriverWait(browser, 5).until(lambda d: visible_titles(d))
    titles = visible_titles(browser)
    assert titles and all("segment" in t.lower() or "sam" in t.lower() for t in titles[:3])
    assert browser.find_element(By.ID, "list").get_attribute("hidden") is not None
    assert "q=segment+anything" in browser.current_url
    Select(browser.find_element(By.NAME, "section")).select_by_value("segmentation/sam")
    narrowed = visible_titles(browser)
    assert 0 < len(narrowed) <= len(titles)
    assert "section=segmentation%2Fsam" in browser.current_url
    browser.refresh()  # the URL restores the view
    WebDriverWait(browser, 5).until(lambda d: visible_titles(d))
    assert visible_titles(browser) == narrowed
    assert browser.find_element(By.ID, "q").get_attribute("value") == "segment anything"
    browser.back()  # the section choice was a step in the history
    WebDriverWait(browser, 5).until(lambda d: "section=" not in d.current_url)
    assert visible_titles(browser) == titles


def test_keyboard_reaches_the_search_and_the_filters(browser, site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(site.as_uri())
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    assert browser.switch_to.active_element.get_attribute("id") == "q"
    browser.switch_to.active_element.send_keys("contrastive")
    browser.switch_to.active_element.send_keys(Keys.TAB)
    assert browser.switch_to.active_element.get_attribute("name") == "section"
    assert visible_titles(browser)


def test_every_control_has_a_label(browser, site):
    from selenium.webdriver.common.by import By

    browser.get(site.as_uri())
    for control in browser.find_elements(By.CSS_SELECTOR, "input, select"):
        label = browser.execute_script(
            "return arguments[0].labels.length ? arguments[0].labels[0].textContent : ''",
            control,
        )
        assert label.strip(), control.get_attribute("name")
    for landmark in ("header", "nav", "main", "footer"):
        assert browser.find_elements(By.TAG_NAME, landmark)


def test_with_javascript_off_the_whole_list_is_there(site):
    text = site.read_text()
    without_scripts = re.sub(r"<script.*?</script>", "", text, flags=re.S)
    catalog = store.load(ROOT / "catalog.toml").catalog
    for entry in list(catalog.papers.values())[:20]:
        assert f'data-key="{entry.key}"' in without_scripts
    assert "<h2>Segmentation models" in without_scripts


def test_axe_finds_no_serious_accessibility_violation(browser, site):
    """axe-core, injected into the page as its npm package ships it."""
    import os

    modules = Path(os.environ.get("FMCAT_NODE_MODULES", ROOT / ".ci/node/node_modules"))
    axe = modules / "axe-core" / "axe.min.js"
    if not axe.exists():
        pytest.skip("axe-core is not installed (npm install axe-core)")
    browser.get(site.as_uri())
    browser.execute_script(axe.read_text(encoding="utf-8"))
    found = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document).then(r => done("
        "r.violations.map(v => [v.id, v.impact, v.nodes.length])));"
    )
    serious = [v for v in found if v[1] in ("serious", "critical")]
    assert serious == [], found


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
def test_desktop_and_phone_show_a_page_and_log_no_error(browser, site, tmp_path, width, height):
    from selenium.webdriver.common.by import By

    browser.set_window_size(width, height)
    browser.get(site.as_uri() + "?q=clip")
    shot = tmp_path / f"page-{width}.png"
    browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000  # an image with content, not a blank page
    body = browser.find_element(By.TAG_NAME, "body")
    assert body.size["width"] <= width and visible_titles(browser)
    scroll = browser.execute_script("return document.documentElement.scrollWidth")
    assert scroll <= width + 1  # nothing wider than the screen
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []


def test_the_html_parses_without_a_single_error():
    """html5lib runs the WHATWG HTML parsing algorithm; in strict mode any parse error
    (a stray end tag, a bad attribute, text where it may not be) fails."""
    html5lib = pytest.importorskip("html5lib")
    parser = html5lib.HTMLParser(strict=True)
    parser.parse(shipped_page())
    evil = Entry(key="x", title="a </p> <b> & <", authors=["<x>"], year=2024)
    parser.parse(page(Catalog(papers={"x": evil}), Metrics()))
    assert parser.errors == []


def test_html_tidy_finds_no_error(tmp_path):
    """HTML Tidy (Debian's ``tidy``) as a second validator: warnings allowed (its 5.6
    does not know ``inputmode``), errors not."""
    tidy = shutil.which("tidy")
    if tidy is None:
        pytest.skip("tidy is not installed")
    import subprocess

    target = tmp_path / "index.html"
    target.write_text(shipped_page(), encoding="utf-8")
    done = subprocess.run([tidy, "-q", "-e", str(target)], capture_output=True, text=True)
    assert done.returncode < 2, done.stderr  # 0: clean, 1: warnings, 2: errors
    assert " - Error: " not in done.stderr
