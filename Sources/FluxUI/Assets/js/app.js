// SwiftFlux's web UI: sign-in, the pages, live updates.
//
// Signing in: with a token in this tab's sessionStorage, or without one when the browser
// adds `Authorization: Bearer` to every request itself. Without either, the UI shows the
// sign-in form and no cluster data. Live updates: the history is polled every 2 s; a new
// entry (a commit synced, a job finished) re-renders the page in place.

import { api, session, Unauthorized, APIError } from "./api.js";
import { h } from "./dom.js";
import { onBusyChange, isRunning } from "./jobs.js";
import * as overview from "./pages/overview.js";
import * as workloads from "./pages/workloads.js";
import * as images from "./pages/images.js";
import * as history from "./pages/history.js";
import * as identity from "./pages/identity.js";

const pages = { overview, workloads, images, history, identity };
const POLL_MS = 2000;
// Rollout changes have no history entry: re-read the page every few polls as well.
const REFRESH_EVERY = 5;

const $ = (id) => document.getElementById(id);
const state = { signedIn: false, sequence: 0, polls: 0, timer: null, render: 0, rendering: false };

/** What every page gets: the last status, a way to run an action and to note fresh status. */
const context = {
  status: null,
  remember(status) { context.status = status; },
  async act(action) {
    if (isRunning()) return;
    try {
      await action();
      await refresh();
    } catch (error) {
      handleError(error);
    }
  },
};

function currentPage() {
  const name = location.hash.replace(/^#\/?/, "");
  return Object.hasOwn(pages, name) ? name : "overview";
}

async function show({ focus }) {
  if (!state.signedIn) return;
  const name = currentPage();
  const page = pages[name];
  const ticket = ++state.render;
  state.rendering = true;
  for (const link of document.querySelectorAll("#nav a")) {
    if (link.dataset.page === name) link.setAttribute("aria-current", "page"); else link.removeAttribute("aria-current");
  }
  document.title = `${page.title} · SwiftFlux`;
  const view = $("view");
  const focused = view.contains(document.activeElement) ? document.activeElement.id : null;
  try {
    const content = await page.render(context);
    if (ticket !== state.render || !state.signedIn) return;
    view.replaceChildren(content);
    view.dataset.page = name;
    disableWhileBusy(isRunning());
    if (focus) view.querySelector("h1")?.focus();
    else if (focused) $(focused)?.focus();
  } catch (error) {
    if (ticket !== state.render) return;
    if (!handleError(error)) {
      view.replaceChildren(h("div", { class: "card" }, h("h1", { tabindex: "-1" }, page.title),
        h("p", { class: "error", role: "alert" }, error.message)));
    }
  } finally {
    if (ticket === state.render) state.rendering = false;
  }
}

const refresh = () => show({ focus: false });

/** Signs out on a refused token; shows a banner when fluxd is unreachable. Returns whether handled. */
function handleError(error) {
  if (error instanceof Unauthorized) {
    signOut(session.token ? "The API token is no longer accepted. Sign in again." : "Sign in with the API token.");
    return true;
  }
  if (error instanceof APIError && error.status === 0) {
    setConnection(error.message);
    return true;
  }
  return false;
}

function setConnection(message) {
  const banner = $("connection");
  banner.hidden = !message;
  banner.textContent = message ? `${message}; retrying.` : "";
  $("live").classList.toggle("stale", Boolean(message));
  $("live").textContent = message ? "Offline" : "Live";
}

function disableWhileBusy(busy) {
  for (const button of document.querySelectorAll("#view button[data-action]")) {
    if (button.hasAttribute("data-readonly")) continue;
    button.disabled = busy;
  }
}

async function poll() {
  state.timer = null;
  if (!state.signedIn) return;
  if (!document.hidden) {
    try {
      const page = await api(`/history?after=${state.sequence}&limit=20`);
      setConnection(null);
      state.polls += 1;
      if (page.latest !== state.sequence) {
        // Newer entries, or fluxd restarted (its history starts again).
        state.sequence = page.latest;
        if (page.entries.length) $("announcer").textContent = history.describeEntry(page.entries[0]);
        if (!state.rendering) await refresh();
      } else if (state.polls % REFRESH_EVERY === 0 && !state.rendering) {
        await refresh();
      }
    } catch (error) {
      if (!handleError(error)) setConnection(error.message);
    }
  }
  if (state.signedIn && state.timer === null) state.timer = setTimeout(poll, POLL_MS);
}

function signedIn(status, { focus = false } = {}) {
  state.signedIn = true;
  state.sequence = status.sequence;
  context.status = status;
  const byHeader = !session.token;
  $("loading").hidden = true;
  $("signin").hidden = true;
  $("nav").hidden = false;
  $("session").hidden = false;
  $("sign-out").hidden = byHeader;
  $("signed-in-by").textContent = byHeader ? "Signed in by your browser's Authorization header" : "";
  $("footer").textContent = `SwiftFlux ${status.version}`;
  if (!location.hash.startsWith("#/")) window.history.replaceState(null, "", "#/overview");
  show({ focus });
  if (state.timer === null) state.timer = setTimeout(poll, POLL_MS);
}

function signOut(message) {
  session.clear();
  state.signedIn = false;
  state.render += 1;
  context.status = null;
  if (state.timer !== null) clearTimeout(state.timer);
  state.timer = null;
  // No cluster data stays on the page.
  $("view").replaceChildren();
  $("job").replaceChildren();
  $("job").hidden = true;
  $("nav").hidden = true;
  $("session").hidden = true;
  $("loading").hidden = true;
  $("footer").textContent = "";
  document.title = "Sign in · SwiftFlux";
  $("signin").hidden = false;
  $("signin-error").textContent = message || "";
  $("token").value = "";
  $("token").focus();
}

async function submitSignIn(event) {
  event.preventDefault();
  const token = $("token").value.trim();
  if (!token) {
    $("signin-error").textContent = "Enter the API token.";
    $("token").focus();
    return;
  }
  try {
    const status = await api("/status", { token });
    session.save(token);
    $("token").value = "";
    signedIn(status, { focus: true });
  } catch (error) {
    $("signin-error").textContent = error instanceof Unauthorized ? "fluxd refused this token." : error.message;
    $("token").select();
  }
}

async function start() {
  $("signin-form").addEventListener("submit", submitSignIn);
  $("sign-out").addEventListener("click", () => signOut("Signed out."));
  $("skip-link").addEventListener("click", (event) => {
    event.preventDefault();
    $("main").focus();
  });
  window.addEventListener("hashchange", () => show({ focus: true }));
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden && state.signedIn && state.timer === null) poll();
  });
  onBusyChange(disableWhileBusy);
  try {
    // With the session's token, or with none: a browser that adds the header is signed in.
    signedIn(await api("/status"));
  } catch (error) {
    if (error instanceof Unauthorized) {
      signOut(session.token ? "The saved token was refused. Sign in again." : "");
    } else {
      $("loading").hidden = true;
      setConnection(error.message);
      $("signin").hidden = false;
    }
  }
}

start();
