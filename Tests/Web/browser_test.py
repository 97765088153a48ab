#!/usr/bin/env python3
"""Headless-browser test of the web workspace that `claimql serve` serves at /.

    python browser_test.py http://127.0.0.1:PORT OUTDIR

The server must run on the example data set (examples/seed.cq). Drives Debian's chromium
through chromedriver (Selenium 4), prints one "ok: ..." line per check, and exits 0 only if
every check passed. On a failure it prints why and saves a screenshot to OUTDIR. It also
leaves OUTDIR/containers-chart.png and OUTDIR/page.png to look at.
"""
import base64
import os
import re
import sys
import traceback
import urllib.parse

from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException, TimeoutException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

CONTAINERS = 'claims where unit = "containers"'
CONTAINER_SOURCES = ["White House", "Shin Won-sik", "South Korea"]
WAIT_SECONDS = 20


class Page:
    """The browser, the server's address and where screenshots go, with a few helpers."""

    def __init__(self, base, outdir):
        options = Options()
        for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000"):
            options.add_argument(arg)
        options.binary_location = "/usr/bin/chromium"
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        self.d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        self.base = base
        self.outdir = outdir

    def wait(self, condition, what):
        """Waits until condition(driver) is truthy and returns it; else fails saying what it
        waited for (`what` may be a function, to describe the page as it is at the time out)."""
        w = WebDriverWait(self.d, WAIT_SECONDS,
                          ignored_exceptions=(NoSuchElementException, StaleElementReferenceException))
        try:
            return w.until(condition)
        except TimeoutException:
            raise AssertionError(f"timed out after {WAIT_SECONDS} s waiting for "
                                 + (what() if callable(what) else what)) from None

    def el(self, css):
        return self.d.find_element(By.CSS_SELECTOR, css)

    def all(self, css):
        return self.d.find_elements(By.CSS_SELECTOR, css)

    def text(self, css):
        return self.el(css).get_attribute("textContent") or ""

    def runs_done(self):
        # The page sets <body data-done="N"> when its Nth run has finished (results or error).
        return int(self.el("body").get_attribute("data-done") or 0)

    def type_query(self, query):
        box = self.el("#query")
        box.clear()
        box.send_keys(query)
        return box

    def run(self, query):
        """Types the query, clicks Run and waits for that run to finish; returns 'done' or 'error'."""
        before = self.runs_done()
        self.type_query(query)
        self.el("#run").click()
        self.wait(lambda d: self.runs_done() > before, f"the run of {query!r} to finish")
        return self.el("body").get_attribute("data-state")

    def rows(self, n, query):
        return self.wait(lambda d: (lambda r: r if len(r) == n else None)(self.all("#results tr.row")),
                         lambda: f"{n} result rows of {query!r} (have {len(self.all('#results tr.row'))})")

    def full_screenshot(self, path):
        """The whole page, not only the window (Chrome DevTools), else the window."""
        try:
            size = self.d.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
            shot = self.d.execute_cdp_cmd("Page.captureScreenshot", {
                "format": "png", "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}})
            with open(path, "wb") as f:
                f.write(base64.b64decode(shot["data"]))
        except Exception:
            self.d.save_screenshot(path)


def check(condition, message):
    if not condition:
        raise AssertionError(message)


# ---- the checks, in order (each one starts where the one before left the page) ----

def header_counts(p):
    p.d.get(p.base + "/")
    counts = p.wait(lambda d: (lambda t: t if re.search(r"\d+ claims", t) else None)(p.text("#counts")),
                    "the graph's counts in the header")
    badge = p.wait(lambda d: p.text("#badge").strip() or None, "the read-only/writable badge")
    check(badge in ("read-only", "writable"), f"badge says {badge!r}")
    print(f"ok: header shows {counts.strip()!r} and the badge {badge!r}")


def containers_table(p):
    state = p.run(CONTAINERS)
    check(state == "done", f"the query failed: {p.text('#error')!r}")
    p.rows(6, CONTAINERS)
    headers = [th.get_attribute("textContent") for th in p.all("#results thead th")]
    check("qty" in headers and "source" in headers, f"headers {headers} lack qty or source")
    check(re.search(r"\b6 rows\b", p.text("#status")), f"status says {p.text('#status')!r}")
    print(f"ok: {CONTAINERS!r} shows 6 rows with columns {', '.join(headers)}")


def containers_chart(p):
    p.wait(lambda d: len(p.all("#chart svg g.claim")) == 6,
           lambda: f"6 claim marks in the chart (have {len(p.all('#chart svg g.claim'))})")
    legend = p.all("#chart svg g.legend")
    text = (legend[0] if legend else p.el("#chart svg")).get_attribute("textContent")
    missing = [s for s in CONTAINER_SOURCES if s not in text]
    check(not missing, f"the chart's legend lacks {missing}: {text!r}")
    chart_png = os.path.join(p.outdir, "containers-chart.png")
    page_png = os.path.join(p.outdir, "page.png")
    chart = p.el("#chart")
    p.d.execute_script("arguments[0].scrollIntoView({block: 'start'})", chart)  # all of it in the window
    chart.screenshot(chart_png)
    p.full_screenshot(page_png)
    print(f"ok: chart has 6 marks, legend names {', '.join(CONTAINER_SOURCES)}; saved {chart_png} and {page_png}")


def row_evidence(p):
    cells = [td for td in p.all("#results tr.row td") if td.text.strip() == "shin_containers_6700"]
    check(cells, "no row has a cell 'shin_containers_6700'")
    cells[0].click()
    p.wait(lambda d: "roughly 6,700 containers" in p.text("#evidence") and "Shin Won-sik" in p.text("#evidence"),
           "the evidence of shin_containers_6700 (its quote and source)")
    selected = p.all("#results tr.row.selected")
    check(len(selected) == 1 and "shin_containers_6700" in selected[0].get_attribute("data-claims"),
          "the clicked row is not marked selected")
    print("ok: clicking the shin_containers_6700 row shows its quote and source, and selects the row")


def shareable_url(p):
    url = p.d.current_url
    q = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query).get("q", [None])[0]
    check(q == CONTAINERS, f"the address {url!r} does not hold the query (q={q!r})")
    p.d.get(url)
    p.rows(6, CONTAINERS + " (from the address, without Run)")
    check(p.el("#query").get_attribute("value") == CONTAINERS, "the box does not hold the query from the address")
    print(f"ok: the address {url} holds the query, and opening it afresh runs it (6 rows)")


def completion(p):
    box = p.type_query("claims where sou")
    box.send_keys(Keys.TAB)

    def done(d):
        if box.get_attribute("value").startswith("claims where source"):
            return "inserted"
        items = [li for li in p.all("#completions li.completion") if li.is_displayed() and li.text.strip() == "source"]
        return items[0] if items else None

    how = p.wait(done, "Tab to complete 'sou' (the text or the #completions list)")
    if how != "inserted":
        how.click()
        how = "picked from the list"
    value = box.get_attribute("value")
    check(value.startswith("claims where source"), f"the box holds {value!r}")
    print(f"ok: Tab completes 'claims where sou' to {value!r} ({how})")


def error_then_recover(p):
    bad = "claims where qty >"
    state = p.run(bad)
    check(state == "error", f"{bad!r} did not fail (state {state!r})")
    p.wait(lambda d: p.el("#error").is_displayed(), "#error to show")
    text = p.el("#error").text
    check("^" in text and "1:" in text, f"#error lacks the caret or the position: {text!r}")
    check(not p.all("#results tr.row"), "the old results are still shown under the error")
    state = p.run("count claims")
    check(state == "done", f"'count claims' failed after the error: {p.text('#error')!r}")
    status = p.text("#status")
    m = re.search(r"\d[\d,]*", status)
    check(m and int(m.group(0).replace(",", "")) > 0, f"#status shows no count > 0: {status!r}")
    check(not p.el("#error").is_displayed(), "#error is still shown after a good query")
    print(f"ok: {bad!r} shows the diagnostic with its caret; then 'count claims' shows {status.strip()!r}")


def chart_mark_evidence(p):
    check(p.run(CONTAINERS) == "done", f"the query failed: {p.text('#error')!r}")
    css = '#chart svg g.claim[data-claim="sk_containers_10000_kei"]'
    mark = p.wait(lambda d: p.el(css), "the chart mark of sk_containers_10000_kei")
    mark.click()
    p.wait(lambda d: "sk_containers_10000_kei" in p.text("#evidence") and "South Korea" in p.text("#evidence"),
           "the evidence of sk_containers_10000_kei after clicking its mark")
    print("ok: clicking the chart mark of sk_containers_10000_kei shows its evidence (South Korea)")


CHECKS = [header_counts, containers_table, containers_chart, row_evidence, shareable_url,
          completion, error_then_recover, chart_mark_evidence]


def report_failure(p, name, error):
    print(f"FAIL: {name}: {type(error).__name__}: {str(error).strip()}")
    traceback.print_exc(limit=3)
    try:
        shot = os.path.join(p.outdir, f"failure-{name}.png")
        p.d.save_screenshot(shot)
        print(f"  screenshot: {shot}")
        print(f"  address: {p.d.current_url}")
        for css in ("#status", "#error"):
            found = p.all(css)
            print(f"  {css}: {found[0].get_attribute('textContent').strip()!r}" if found else f"  {css}: (none)")
        for entry in p.d.get_log("browser"):
            print(f"  console {entry.get('level')}: {entry.get('message')}")
    except Exception as e:  # the report must not hide the failure
        print(f"  (could not gather more: {e})")


def main():
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    base, outdir = sys.argv[1].rstrip("/"), sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    try:
        p = Page(base, outdir)
    except Exception as e:
        print(f"FAIL: could not start chromium through /usr/bin/chromedriver: {e}")
        return 1
    try:
        for c in CHECKS:
            try:
                c(p)
            except Exception as e:
                report_failure(p, c.__name__, e)
                return 1
    finally:
        p.d.quit()
    print(f"all {len(CHECKS)} checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
