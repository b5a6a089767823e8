"""`smap serve` in real Chromium: edit the map, the open page updates; break
it, the errors show (in Swedish, with file, line, source line and fix);
fix it, the map returns. Also: an edit of an included file, the map file
deleted and recreated, no console error (a Content-Security-Policy that
blocked the live-reload client would log one), axe-core on the errors page.

Every wait is on a condition (WebDriverWait), never a fixed sleep.

    SMAP=.build/debug/smap .venv-ci/bin/python3 -m pytest -p no:cacheprovider -q Tests/Browser/test_serve.py

SMAP defaults to .build/debug/smap. A missing tool (the smap binary,
chromium, chromedriver, selenium) skips the tests with the reason, unless
SMAP_REQUIRE_TOOLS=1: then it fails. Screenshots of the map and of the
errors page go to $SMAP_SERVE_OUT (default .ci-output/serve).
"""

import os
import pathlib
import queue
import re
import shutil
import subprocess
import threading
import time

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURE = pathlib.Path(__file__).resolve().parent / "serve"
REQUIRED = os.environ.get("SMAP_REQUIRE_TOOLS") == "1"
OUT = pathlib.Path(os.environ.get("SMAP_SERVE_OUT", ROOT / ".ci-output/serve"))
WAIT = 15  # seconds: generous for a loaded CI machine; the waits end as soon as the condition holds

MAP_HEADING = "Förhandsvisningens testkarta"
ERRORS_HEADING = "Kartan kan inte visas förrän felen är rättade"


def missing(reason):
    if REQUIRED:
        pytest.fail(reason + " (SMAP_REQUIRE_TOOLS=1)")
    pytest.skip(reason)


try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:  # pragma: no cover - depends on the machine
    webdriver = None


@pytest.fixture(scope="module")
def smap():
    path = pathlib.Path(os.environ.get("SMAP", ROOT / ".build/debug/smap"))
    if not path.is_absolute():
        path = ROOT / path
    if not os.access(path, os.X_OK):
        missing(f"no smap binary at {path}: run `swift build` or set SMAP")
    return path


@pytest.fixture(scope="module")
def driver():
    if webdriver is None:
        missing("selenium is not installed (pip install selenium)")
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    chromedriver = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
    for tool in (chromium, chromedriver):
        if not os.access(tool, os.X_OK):
            missing(f"{tool} is missing (apt-get install chromium chromium-driver)")
    os.environ.setdefault("SE_OFFLINE", "true")
    os.environ.setdefault("SE_AVOID_STATS", "true")
    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900", "--lang=sv-SE"):
        opts.add_argument(a)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    d = webdriver.Chrome(service=Service(executable_path=chromedriver), options=opts)
    yield d
    d.quit()


class Server:
    """`smap serve` on a free port of 127.0.0.1, on a copy of the fixture map."""

    def __init__(self, smap, folder):
        self.folder = folder
        self.map = folder / "karta.smap"
        self.part = folder / "delar" / "jobbtorg.smap"
        self.process = subprocess.Popen(
            [str(smap), "serve", "karta.smap", "--port", "0"], cwd=folder,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "NO_COLOR": "1"})
        self.log = []
        lines = queue.Queue()

        def read(stream, into_queue):
            for line in stream:
                self.log.append(line)
                if into_queue:
                    lines.put(line)

        threading.Thread(target=read, args=(self.process.stdout, True), daemon=True).start()
        threading.Thread(target=read, args=(self.process.stderr, False), daemon=True).start()
        try:
            first = lines.get(timeout=WAIT)
        except queue.Empty:
            self.stop()
            raise AssertionError("smap serve printed no address: " + "".join(self.log))
        found = re.search(r"http://127\.0\.0\.1:\d+/", first)
        assert found, f"no URL in {first!r}"
        self.url = found.group(0)

    def edit(self, old, new, path=None):
        path = path or self.map
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {path.name}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture
def server(smap, tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "karta")
    s = Server(smap, tmp_path / "karta")
    yield s
    s.stop()
    assert s.process.returncode is not None


def wait(driver, condition, message):
    return WebDriverWait(driver, WAIT, poll_frequency=0.02).until(lambda d: condition(d), message)


def heading(d):
    found = d.find_elements(By.TAG_NAME, "h1")
    return found[0].text if found else ""


def page_build(d):
    return d.execute_script("var s=document.querySelector('script[data-build]');return s&&s.getAttribute('data-build');")


def open_served(driver, url):
    driver.get(url)
    wait(driver, lambda d: d.execute_script("return document.readyState") == "complete", "the page did not load")
    return page_build(driver)


def severe(driver):
    return [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


def reloaded(driver, before):
    """Waits until the page shows another build than `before` (it reloaded itself)."""
    wait(driver, lambda d: page_build(d) not in (None, before), f"the page did not reload (still build {before})")
    wait(driver, lambda d: d.execute_script("return document.readyState") == "complete", "the reloaded page did not load")
    return page_build(driver)


def test_edit_break_fix(driver, server):
    OUT.mkdir(parents=True, exist_ok=True)
    build = open_served(driver, server.url)
    assert heading(driver) == MAP_HEADING
    assert "Ansökan om ekonomiskt bistånd" in driver.page_source
    # A mark on the window: a reload (not a script patching the page) clears it.
    driver.execute_script("window.smapTestMark = 1;")

    # Edit: the page updates by itself.
    server.edit('"Ansökan om ekonomiskt bistånd"', '"Ansökan om försörjningsstöd"')
    build = reloaded(driver, build)
    wait(driver, lambda d: "Ansökan om försörjningsstöd" in d.page_source, "the edited title is not on the page")
    assert driver.execute_script("return window.smapTestMark === undefined"), "the page was not reloaded"
    assert heading(driver) == MAP_HEADING
    driver.save_screenshot(str(OUT / "serve-map.png"))

    # Break it: the errors show, in Swedish, with file, line, the source line and the fix.
    server.edit("ansokan -> anvisning -> inskrivning", "ansokan -> anvisnig -> inskrivning")
    build = reloaded(driver, build)
    wait(driver, lambda d: heading(d) == ERRORS_HEADING, "the errors page did not show")
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "sv"
    items = driver.find_elements(By.CSS_SELECTOR, "ol.problem > li.fel")
    assert len(items) == 1, [i.text for i in items]
    text = items[0].text
    assert "Fel E105: det finns inget steg som heter 'anvisnig'" in text, text
    assert "karta.smap, rad 22, kolumn 12" in text, text
    assert "ansokan -> anvisnig -> inskrivning" in items[0].find_element(By.TAG_NAME, "pre").text
    assert items[0].find_element(By.TAG_NAME, "mark").text == "anvisnig"
    assert "Så här rättar du: menade du 'anvisning'?" in text, text
    assert MAP_HEADING not in heading(driver), "a stale map is shown"
    driver.save_screenshot(str(OUT / "serve-errors.png"))
    run_axe(driver, "the errors page")

    # Fix it: the map returns.
    server.edit("ansokan -> anvisnig -> inskrivning", "ansokan -> anvisning -> inskrivning")
    build = reloaded(driver, build)
    wait(driver, lambda d: heading(d) == MAP_HEADING, "the map did not return")
    assert "Ansökan om försörjningsstöd" in driver.page_source

    # An included file is watched too.
    server.edit('"Inskrivning på Jobbtorg"', '"Inskrivning hos Jobbtorg"', path=server.part)
    build = reloaded(driver, build)
    wait(driver, lambda d: "Inskrivning hos Jobbtorg" in d.page_source, "the edit of the include did not show")

    errors = severe(driver)
    assert not errors, errors


def test_deleted_and_recreated(driver, server):
    build = open_served(driver, server.url)
    assert heading(driver) == MAP_HEADING
    text = server.map.read_text(encoding="utf-8")
    # As some editors save: delete the file, then write it anew (here with a change).
    server.map.unlink()
    server.map.write_text(text.replace('"Anvisning till Jobbtorg"', '"Anvisning till Jobbtorget"'), encoding="utf-8")
    build = reloaded(driver, build)
    wait(driver, lambda d: "Anvisning till Jobbtorget" in d.page_source, "the recreated file was not followed")
    assert heading(driver) == MAP_HEADING

    # Deleted for good: the page says so; written back: the map returns.
    server.map.unlink()
    build = reloaded(driver, build)
    wait(driver, lambda d: heading(d) == ERRORS_HEADING, "a deleted map did not show as an error")
    assert "det går inte att läsa 'karta.smap'" in driver.page_source
    server.map.write_text(text, encoding="utf-8")
    reloaded(driver, build)
    wait(driver, lambda d: heading(d) == MAP_HEADING, "the map did not return")
    errors = severe(driver)
    assert not errors, errors


def test_built_page_connects_nowhere(smap, tmp_path):
    """`smap build` output has no live-reload client and allows no connection."""
    shutil.copytree(FIXTURE, tmp_path / "karta")
    subprocess.run([str(smap), "build", "karta.smap", "-o", "site"], cwd=tmp_path / "karta", check=True,
                   capture_output=True)
    page = (tmp_path / "karta" / "site" / "index.html").read_text(encoding="utf-8")
    assert "connect-src" not in page
    assert "data-build" not in page and "_smap/events" not in page


def run_axe(driver, label):
    try:
        from selenium_axe_python import Axe
    except ImportError:
        missing("selenium-axe-python is not installed")
    axe = Axe(driver)
    axe.inject()
    result = axe.run(options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
    assert not result["violations"], f"axe on {label}:\n" + Axe.report(result["violations"])
