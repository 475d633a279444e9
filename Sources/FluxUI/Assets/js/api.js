// fluxd's API, called with the API token. The token lives in sessionStorage (this tab, this
// session): never in the URL, never in a cookie. A browser that adds
// `Authorization: Bearer` to every request by itself is signed in without it.

const TOKEN_KEY = "swiftflux.apiToken";
// Relative to /ui/, so the UI also works under a path prefix (a proxy).
const BASE = new URL("../api/flux/v1", document.baseURI).pathname;

export const session = {
  get token() { return sessionStorage.getItem(TOKEN_KEY); },
  save(token) { sessionStorage.setItem(TOKEN_KEY, token); },
  clear() { sessionStorage.removeItem(TOKEN_KEY); },
};

/** The API refused the token (401). */
export class Unauthorized extends Error {}

/** fluxd answered with an error status, or could not be reached (status 0). */
export class APIError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** Calls `path` (e.g. "/status") and returns the decoded JSON. */
export async function api(path, { method = "GET", body, token = session.token } = {}) {
  const headers = { Accept: "application/json" };
  if (token) {
    headers.Authorization = `Bearer ${token}`;
  }
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(BASE + path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store", credentials: "omit", redirect: "error",
    });
  } catch (error) {
    throw new APIError(0, `fluxd cannot be reached (${error.message})`);
  }
  let data = null;
  const text = await response.text();
  if (text) {
    try { data = JSON.parse(text); } catch { data = { message: text }; }
  }
  if (response.status === 401) throw new Unauthorized(data?.message || "the API token was refused");
  if (!response.ok) throw new APIError(response.status, data?.message || `HTTP ${response.status}`);
  return data;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts a job (POST `path`), then follows it every second as fluxctl does until it
 * finishes; `onProgress` hears each state. Returns the finished job.
 */
export async function runJob(path, body, onProgress) {
  const { id } = await api(path, { method: "POST", body });
  let status = { id, state: "queued" };
  onProgress(status);
  for (;;) {
    await sleep(1000);
    status = await api(`/jobs/${encodeURIComponent(id)}`);
    onProgress(status);
    if (status.state === "succeeded" || status.state === "failed") return status;
  }
}
