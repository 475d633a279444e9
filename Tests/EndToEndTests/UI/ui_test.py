#!/usr/bin/env python3
"""fluxd's web UI in a real browser (Playwright driving Debian's /usr/bin/chromium).

Run by UITests.swift against a running fluxd (embedded cluster, a local git repository, a
docker-registry with the image's tags). Every check asserts; the first failure exits 1 with
the reason. Screenshots go to SCREENSHOT_DIR.

Environment: FLUX_URL, FLUX_TOKEN, GIT_REMOTE, GIT_BRANCH, KUBECONFIG, KUBECTL,
IMAGE_REPOSITORY, SCREENSHOT_DIR, CHROMIUM (default /usr/bin/chromium).
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import traceback

from playwright.sync_api import expect, sync_playwright

URL = os.environ["FLUX_URL"].rstrip("/")
TOKEN = os.environ["FLUX_TOKEN"]
REMOTE = os.environ["GIT_REMOTE"]
BRANCH = os.environ["GIT_BRANCH"]
KUBECTL = os.environ.get("KUBECTL", "kubectl")
IMAGE = os.environ["IMAGE_REPOSITORY"]
SHOTS = os.environ["SCREENSHOT_DIR"]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
WORKLOAD = "demo:deployment/web"
UI = URL + "/ui/"
# Long enough for a job (commit, push, sync) on a loaded machine.
JOB_TIMEOUT = 90_000

expect.set_options(timeout=30_000)


def step(text):
    print(f"--- {text}", flush=True)


# ---------------------------------------------------------------- git and cluster

GIT_ENV = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL="/dev/null", LC_ALL="C")


def git(*args, cwd=None):
    result = subprocess.run(["git", *args], cwd=cwd, env=GIT_ENV, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout


def remote_head():
    return git("-C", REMOTE, "rev-parse", BRANCH).strip()


def remote_file(path):
    return git("-C", REMOTE, "show", f"{BRANCH}:{path}")


def remote_subject(revision=None):
    return git("-C", REMOTE, "log", "-1", "--format=%s", revision or BRANCH).strip()


def deployment():
    result = subprocess.run(
        [KUBECTL, "get", "deployment", "web", "-n", "demo", "-o", "json"],
        capture_output=True, text=True, timeout=60, env=os.environ)
    assert result.returncode == 0, f"kubectl get deployment: {result.stderr}"
    return json.loads(result.stdout)


def annotations():
    return deployment()["metadata"].get("annotations", {})


def cluster_image():
    return deployment()["spec"]["template"]["spec"]["containers"][0]["image"]


def eventually(check, what, timeout=60):
    deadline = time.monotonic() + timeout
    while True:
        try:
            if check():
                return
        except AssertionError:
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for: {what}")
        time.sleep(0.25)


def annotation_in_git(name, value=None):
    text = remote_file("apps/web.yaml")
    match = re.search(rf"fluxcd\.io/{re.escape(name)}:\s*['\"]?([^'\"\n]*)", text)
    if match is None:
        return False
    return value is None or match.group(1) == value


# ---------------------------------------------------------------- browser helpers

class Watcher:
    """Collects JavaScript errors and failed requests of a page. Before sign-in, the one
    401 of the probe that finds out whether the browser sends the token itself is expected."""

    def __init__(self, name):
        self.name = name
        self.problems = []
        self.signed_in = False
        self.bytes_by_url = {}

    def attach(self, page):
        page.on("pageerror", lambda error: self.problems.append(f"{self.name}: JavaScript error: {error}"))
        page.on("console", self.console)
        page.on("response", self.response)

    def console(self, message):
        if message.type not in ("error", "warning"):
            return
        text = message.text
        expected = not self.signed_in and "status of 401" in text
        if not expected:
            self.problems.append(f"{self.name}: console {message.type}: {text}")

    def response(self, response):
        if "/ui/" in response.url and response.request.method == "GET":
            try:
                self.bytes_by_url[response.url] = len(response.body())
            except Exception:  # a redirect or an aborted load has no body
                pass


def sign_in(page, watcher):
    page.goto(UI)
    expect(page.get_by_role("heading", name="Sign in to fluxd")).to_be_visible()
    watcher.signed_in = True
    page.get_by_label("API token").fill(TOKEN)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Overview", exact=True)).to_be_visible()


def go(page, name):
    page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True).click()
    expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible()


def shoot(page, name, full_page=False):
    path = os.path.join(SHOTS, f"{name}.png")
    page.screenshot(path=path, full_page=full_page)
    print(f"screenshot: {path}", flush=True)


def last_job(page):
    """The ID of the job the panel shows (None before any)."""
    return page.locator("#job").get_attribute("data-job")


def finish_job(page, previous):
    """Waits for the panel to show a job other than `previous`, finished; returns its text."""
    page.wait_for_function(
        """previous => {
            const panel = document.getElementById("job");
            return panel.dataset.job && panel.dataset.job !== previous
                && (panel.dataset.state === "succeeded" || panel.dataset.state === "failed");
        }""",
        arg=previous, timeout=JOB_TIMEOUT)
    panel = page.locator("#job")
    text = panel.inner_text()
    assert panel.get_attribute("data-state") == "succeeded", f"the job failed: {text}"
    return text


def workload_row(page):
    return page.locator(f'tr[data-workload="{WORKLOAD}"]')


def button(page, label):
    return page.get_by_role("button", name=f"{label} {WORKLOAD}", exact=True)


# ---------------------------------------------------------------- the checks

def no_data_without_the_token(browser):
    step("without the token: the sign-in form, no cluster data, the API refuses")
    watcher = Watcher("anonymous")
    context = browser.new_context()
    page = context.new_page()
    watcher.attach(page)
    response = page.goto(UI)
    policy = response.headers.get("content-security-policy", "")
    assert "default-src 'none'" in policy and "script-src 'self'" in policy and "unsafe" not in policy, policy
    expect(page.get_by_role("heading", name="Sign in to fluxd")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    head = remote_head()
    body = page.locator("body").inner_text()
    for secret in (WORKLOAD, head[:7], IMAGE):
        assert secret not in body, f"{secret} shown without a token"
    api = context.request.get(URL + "/api/flux/v1/status")
    assert api.status == 401, f"status without a token: {api.status}"
    for path in ("workloads", "images", "history", "identity"):
        assert context.request.get(f"{URL}/api/flux/v1/{path}").status == 401, path
    page.get_by_label("API token").fill("not-the-token-0123456789")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#signin-error")).to_have_text("fluxd refused this token.")
    assert WORKLOAD not in page.locator("body").inner_text()
    assert page.evaluate("sessionStorage.length") == 0
    shoot(page, "sign-in")
    context.close()
    return watcher


def sign_in_keeps_the_token_in_the_session(page, context):
    step("signed in: the token is in sessionStorage only")
    assert TOKEN not in page.url
    assert page.evaluate("sessionStorage.getItem('swiftflux.apiToken')") == TOKEN
    assert page.evaluate("localStorage.length") == 0
    assert context.cookies() == [], context.cookies()


def overview(page):
    step("overview: source, applied revision, last sync, next sync, health")
    head = remote_head()
    expect(page.locator("#repository-url")).to_have_text(f"file://{REMOTE}")
    expect(page.locator("#branch")).to_have_text(BRANCH)
    expect(page.locator("#source")).to_contain_text("apps")
    expect(page.locator("#applied-revision")).to_have_text(head[:7])
    expect(page.locator("#applied-subject")).to_have_text(remote_subject(head))
    expect(page.locator("#applied-author")).to_contain_text("Test User")
    last = page.locator("#last-sync")
    expect(last).to_contain_text("succeeded")
    expect(last.get_by_role("list", name="Objects")).to_contain_text("created")
    expect(page.locator("#next-sync")).to_contain_text("at the latest")
    expect(page.locator("#health")).to_contain_text("1 workload(s)")
    shoot(page, "overview")


def workloads(page):
    step("workloads: containers, images, rollout, policies, allowed tags newest first")
    go(page, "Workloads")
    row = workload_row(page)
    expect(row).to_contain_text("main")
    expect(row).to_contain_text(f"{IMAGE}:1.0.0")
    expect(row).to_contain_text("tag.main: semver:^1")
    # The embedded cluster's simulated controllers report the rollout shortly after the sync.
    expect(row.locator(".badge").filter(has_text=re.compile(r"^ready$"))).to_have_count(1, timeout=60_000)
    # fluxd's own health assessment (kstatus) beside it.
    expect(row.locator(".health .badge").filter(has_text=re.compile(r"^Current$"))).to_have_count(1, timeout=60_000)
    # Scanning the registry takes a moment; the page re-reads itself meanwhile.
    tags = row.get_by_role("list", name=re.compile("Tags semver:\\^1 allows"))
    expect(tags).to_contain_text("1.1.0", timeout=90_000)
    listed = tags.locator("li").all_inner_texts()
    assert listed[0].startswith("1.1.0") and listed[1].startswith("1.0.0"), listed
    assert not any(tag.startswith("2.0.0") for tag in listed), f"semver:^1 must not allow 2.0.0: {listed}"
    shoot(page, "workloads")


def images(page):
    step("images: repository, tags, the tag the policy picks")
    go(page, "Images")
    card = page.locator(f'section[data-repository="{IMAGE}"]')
    expect(card).to_contain_text("1.1.0")
    expect(card.locator("code.pick")).to_have_text("1.1.0")
    expect(card).to_contain_text("newer than running")
    shoot(page, "images")


def identity(page, context):
    step("identity: the deploy key and its fingerprint")
    go(page, "Identity")
    info = context.request.get(URL + "/api/flux/v1/identity", headers={"Authorization": f"Bearer {TOKEN}"}).json()
    expect(page.locator("#public-key")).to_have_value(info["publicKey"])
    assert info["publicKey"].startswith("ssh-")
    expect(page.locator("#fingerprint")).to_have_text(info["fingerprint"])
    page.get_by_role("button", name="Copy key").click()
    expect(page.locator("#copy-status")).not_to_be_empty()
    shoot(page, "identity")


def sync_now(page):
    step("sync now: a sync job, its result shown")
    go(page, "Overview")
    previous = last_job(page)
    page.get_by_role("button", name="Sync now").click()
    text = finish_job(page, previous)
    assert f"Applied {remote_head()[:7]}" in text, text


def automate_and_deautomate(page):
    step("automate: the annotation is committed, pushed and applied")
    go(page, "Workloads")
    before = remote_head()
    previous = last_job(page)
    button(page, "Automate").click()
    text = finish_job(page, previous)
    assert "Pushed" in text, text
    assert remote_head() != before, "automate pushed nothing"
    assert annotation_in_git("automated", "true"), remote_file("apps/web.yaml")
    eventually(lambda: annotations().get("fluxcd.io/automated") == "true", "fluxcd.io/automated in the cluster")
    expect(button(page, "Deautomate")).to_be_visible()
    expect(workload_row(page)).to_contain_text("automated")

    step("deautomate: the annotation is removed in git and in the cluster")
    previous = last_job(page)
    button(page, "Deautomate").click()
    finish_job(page, previous)
    assert not annotation_in_git("automated"), remote_file("apps/web.yaml")
    eventually(lambda: "fluxcd.io/automated" not in annotations(), "fluxcd.io/automated gone from the cluster")
    expect(button(page, "Automate")).to_be_visible()


def lock_and_unlock(page):
    step("lock with a message, then unlock")
    previous = last_job(page)
    button(page, "Lock…").click()
    dialog = page.get_by_role("dialog", name=f"Lock {WORKLOAD}")
    expect(dialog).to_be_visible()
    dialog.get_by_label(re.compile("^Why")).fill("hold for QA")
    dialog.get_by_role("button", name="Lock", exact=True).click()
    finish_job(page, previous)
    assert annotation_in_git("locked", "true") and annotation_in_git("locked_msg", "hold for QA"), remote_file("apps/web.yaml")
    eventually(lambda: annotations().get("fluxcd.io/locked_msg") == "hold for QA", "the lock in the cluster")
    expect(workload_row(page)).to_contain_text("locked: hold for QA")
    shoot(page, "workloads-locked")
    previous = last_job(page)
    button(page, "Unlock").click()
    finish_job(page, previous)
    assert not annotation_in_git("locked") and not annotation_in_git("locked_msg"), remote_file("apps/web.yaml")
    eventually(lambda: "fluxcd.io/locked" not in annotations(), "the lock gone from the cluster")


def release(page):
    step("release a chosen tag: dry-run preview first (nothing committed), then the release")
    button(page, "Release…").click()
    dialog = page.get_by_role("dialog", name=f"Release {WORKLOAD}")
    expect(dialog).to_be_visible()
    release_button = dialog.get_by_role("button", name="Release", exact=True)
    expect(release_button).to_be_disabled()
    dialog.get_by_label(re.compile("^Tag")).select_option("1.1.0")
    before = remote_head()
    dialog.get_by_role("button", name="Preview (dry run)").click()
    expect(dialog.locator("#release-changes")).to_contain_text(f"{IMAGE}:1.1.0", timeout=JOB_TIMEOUT)
    expect(dialog.locator("#release-changes")).to_contain_text(f"{IMAGE}:1.0.0")
    assert remote_head() == before, "the dry run committed"
    expect(release_button).to_be_enabled()
    shoot(page, "release-preview")
    previous = last_job(page)
    release_button.click()
    expect(dialog).to_be_hidden()
    text = finish_job(page, previous)
    assert f"{IMAGE}:1.1.0" in text, text
    assert f"image: {IMAGE}:1.1.0" in remote_file("apps/web.yaml"), remote_file("apps/web.yaml")
    assert remote_head() != before
    eventually(lambda: cluster_image() == f"{IMAGE}:1.1.0", "the released image in the cluster")
    expect(workload_row(page)).to_contain_text(f"{IMAGE}:1.1.0")


def history(page):
    step("history: syncs, the commits fluxd pushed and finished jobs")
    go(page, "History")
    entries = page.locator("#history")
    release_subject = remote_subject()
    expect(entries.locator('li[data-kind="commit"]').first).to_contain_text(release_subject)
    expect(entries.locator('li[data-kind="commit"]').first).to_contain_text("release")
    expect(entries.locator('li[data-kind="commit"]', has_text="policy").first).to_be_visible()
    expect(entries.locator('li[data-kind="sync"]').first).to_contain_text("Applied")
    expect(entries.locator('li[data-kind="job"]').first).to_contain_text("succeeded")
    shoot(page, "history")


def live_update(page):
    step("live: a new commit appears without a reload")
    go(page, "Overview")
    page.evaluate("window.__sameDocument = true")
    message = "Live update from the browser test"
    head = push_commit(message, write=(
        "apps/live.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: live\n  namespace: demo\ndata:\n  from: browser-test\n"))
    expect(page.locator("#applied-subject")).to_have_text(message, timeout=60_000)
    expect(page.locator("#applied-revision")).to_have_text(head[:7])
    expect(page.locator("#applied-author")).to_contain_text("Live Tester")
    shoot(page, "overview-live")
    sync_error(page)
    assert page.evaluate("window.__sameDocument === true"), "the page was reloaded"


def push_commit(message, write=None, remove=None):
    """Commits to the repository as another user would (a fresh clone, a push)."""
    with tempfile.TemporaryDirectory() as clone:
        git("clone", "--quiet", "--branch", BRANCH, REMOTE, clone)
        if write:
            path, text = write
            with open(os.path.join(clone, path), "w") as file:
                file.write(text)
        if remove:
            git("rm", "--quiet", remove, cwd=clone)
        git("add", "--all", cwd=clone)
        git("-c", "user.name=Live Tester", "-c", "user.email=live@example.com", "commit", "--quiet", "-m", message, cwd=clone)
        git("push", "--quiet", "origin", f"HEAD:refs/heads/{BRANCH}", cwd=clone)
    return remote_head()


def sync_error(page):
    step("a commit that does not load: the error with its file and line, nothing applied; then the fix")
    applied = page.locator("#applied-revision").inner_text()
    broken = push_commit("Add a broken manifest", write=(
        "apps/broken.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\n  namespace: demo\ndata:\n  key: [unclosed\n"))
    last = page.locator("#last-sync")
    expect(last).to_contain_text("failed", timeout=60_000)
    problems = last.get_by_role("table")
    expect(problems).to_contain_text("apps/broken.yaml")
    line = problems.locator("tbody tr").first.locator("td").nth(1).inner_text()
    assert line.isdigit(), f"the error's line: {line!r}"
    expect(page.locator("#applied-revision")).to_have_text(applied)
    expect(page.locator("#head-pending")).to_contain_text(broken[:7])
    shoot(page, "overview-sync-error")
    push_commit("Remove the broken manifest", remove="apps/broken.yaml")
    expect(page.locator("#applied-subject")).to_have_text("Remove the broken manifest", timeout=60_000)
    expect(last).to_contain_text("succeeded")


def keyboard(page):
    step("keyboard: skip link, navigation, dialogs close with Escape")
    # A fresh load (the tab's session keeps the token): Tab starts at the top.
    page.reload()
    expect(page.get_by_role("heading", name="Overview", exact=True)).to_be_visible()
    page.keyboard.press("Tab")
    expect(page.locator("#skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
    page.get_by_role("link", name="Workloads", exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Workloads", exact=True)).to_be_focused()
    head = remote_head()
    button(page, "Release…").focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_label("Container")).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    assert remote_head() == head, "Escape must not release"


def sign_out(page):
    step("sign out: the token and the data are gone")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in to fluxd")).to_be_visible()
    assert page.evaluate("sessionStorage.length") == 0
    assert WORKLOAD not in page.locator("body").inner_text()


def signed_in_by_header(browser):
    step("a browser that sends Authorization itself is signed in")
    watcher = Watcher("header")
    watcher.signed_in = True  # not even the probe may fail
    context = browser.new_context(extra_http_headers={"Authorization": f"Bearer {TOKEN}"})
    page = context.new_page()
    watcher.attach(page)
    page.goto(UI)
    expect(page.get_by_role("heading", name="Overview", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Sign in to fluxd")).to_be_hidden()
    expect(page.locator("#signed-in-by")).to_contain_text("Authorization header")
    expect(page.locator("#applied-revision")).to_have_text(remote_head()[:7])
    go(page, "Workloads")
    expect(workload_row(page)).to_contain_text(f"{IMAGE}:1.1.0")
    assert page.evaluate("sessionStorage.length") == 0
    context.close()
    return watcher


def phone_and_dark(browser):
    step("a phone in dark mode: no sideways scrolling, dark colours")
    watcher = Watcher("phone")
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="dark", is_mobile=True, has_touch=True)
    page = context.new_page()
    watcher.attach(page)
    sign_in(page, watcher)
    shoot(page, "overview-phone-dark", full_page=True)
    go(page, "Workloads")
    expect(workload_row(page)).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width}px wide on a 390px screen"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    channels = [int(value) for value in re.findall(r"\d+", background)[:3]]
    assert sum(channels) < 150, f"dark mode background is {background}"
    shoot(page, "workloads-phone-dark", full_page=True)
    context.close()
    return watcher


def main():
    os.makedirs(SHOTS, exist_ok=True)
    watchers = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        try:
            watchers.append(no_data_without_the_token(browser))
            watcher = Watcher("main")
            watchers.append(watcher)
            context = browser.new_context(viewport={"width": 1180, "height": 820}, color_scheme="light")
            context.grant_permissions(["clipboard-read", "clipboard-write"], origin=URL)
            page = context.new_page()
            watcher.attach(page)
            sign_in(page, watcher)
            first_load = sum(watcher.bytes_by_url.values())
            assert 0 < first_load < 300_000, f"first load {first_load} bytes"
            print(f"first load: {first_load} bytes", flush=True)
            sign_in_keeps_the_token_in_the_session(page, context)
            overview(page)
            workloads(page)
            images(page)
            identity(page, context)
            sync_now(page)
            automate_and_deautomate(page)
            lock_and_unlock(page)
            release(page)
            history(page)
            live_update(page)
            keyboard(page)
            sign_out(page)
            context.close()
            watchers.append(signed_in_by_header(browser))
            watchers.append(phone_and_dark(browser))
        finally:
            browser.close()
    problems = [problem for watcher in watchers for problem in watcher.problems]
    assert not problems, "\n".join(problems)
    print("UI TEST PASSED", flush=True)


if __name__ == "__main__":
    try:
        main()
    except Exception:  # report every failure the same way: the reason, exit 1
        traceback.print_exc()
        sys.exit(1)
