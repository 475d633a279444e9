// Running actions as fluxd API jobs (the same jobs fluxctl starts) and showing their result in
// the job panel, a live region screen readers announce.

import { runJob, Unauthorized } from "./api.js";
import { h, appendAll, shortRevision, counts } from "./dom.js";

let running = false;
const busyListeners = new Set();

export const isRunning = () => running;

/** Calls `listener(running)` whenever a job starts or ends (buttons disable themselves). */
export function onBusyChange(listener) {
  busyListeners.add(listener);
}

function setRunning(value) {
  running = value;
  document.body.toggleAttribute("data-busy", value);
  for (const listener of busyListeners) listener(value);
}

/**
 * Whether a job was a release dry run: the page knows for the jobs it starts; in the history,
 * a release that succeeded with changes but no sync planned only (a real one syncs).
 */
function isDryRun(job) {
  if (job.dryRun !== undefined) return job.dryRun === true;
  const result = job.result || {};
  return job.kind === "release" && job.state === "succeeded" && !result.sync && (result.changes || []).length > 0;
}

/** What a finished job did, in a sentence or a few. */
export function describeJob(job) {
  const result = job.result || {};
  const lines = [];
  const synced = (sync) => `Applied ${shortRevision(sync.revision || result.revision)}: ` +
    counts(sync).map(([name, value]) => `${name} ${value}`).join(", ");
  if (job.state === "failed") lines.push(`Failed: ${job.error || "unknown error"}`);
  const dryRun = isDryRun(job);
  if (dryRun) {
    const changes = result.changes || [];
    lines.push(changes.length ? `Dry run: would change ${changes.length} container(s)` : "Dry run: nothing would change");
  } else if (job.kind !== "sync") {
    // Policy, release and automation jobs report a revision only when they pushed one.
    if (result.revision) lines.push(`Pushed ${shortRevision(result.revision)}`);
    else if (job.state === "succeeded") lines.push("Nothing to change: git already says so");
  }
  for (const change of result.changes || []) lines.push(`${change.workload} ${change.container}: ${change.from} → ${change.to}`);
  if (result.sync) lines.push(synced(result.sync));
  for (const skipped of result.skipped || []) lines.push(`Skipped ${skipped.workload}: ${skipped.reason}`);
  return lines;
}

function render(panel, title, job) {
  const finished = job.state === "succeeded" || job.state === "failed";
  panel.hidden = false;
  panel.className = `job ${job.state === "succeeded" ? "ok" : job.state === "failed" ? "bad" : ""}`;
  panel.dataset.state = job.state;
  panel.dataset.job = job.id || "";
  const state = finished ? job.state : `${job.state}${job.progress ? `: ${job.progress}` : "…"}`;
  panel.replaceChildren();
  appendAll(panel, [
    h("p", {}, h("strong", {}, title), " — ", h("span", { class: "job-state" }, state)),
    finished ? describeJob(job).map((line) => h("p", { class: job.state === "failed" && line.startsWith("Failed") ? "error" : null }, line)) : null,
    h("p", { class: "muted small" }, `Job ${job.id}`),
  ]);
  if (finished) {
    const dismiss = h("button", { type: "button", class: "small secondary dismiss", "aria-label": "Dismiss the job result" }, "Dismiss");
    dismiss.addEventListener("click", () => {
      panel.hidden = true;
      document.getElementById("main").focus();
    });
    panel.prepend(dismiss);
  }
}

/**
 * Runs one job, showing its progress and result; returns the finished job. `dryRun` only
 * changes how a release's result reads. Throws `Unauthorized` for the app to sign out.
 */
export async function startJob(title, path, body) {
  const panel = document.getElementById("job");
  setRunning(true);
  panel.hidden = false;
  panel.className = "job";
  panel.dataset.state = "starting";
  panel.dataset.job = "";
  panel.replaceChildren(h("p", {}, h("strong", {}, title), " — starting…"));
  try {
    const job = await runJob(path, body, (status) => render(panel, title, { ...status, dryRun: body?.dryRun }));
    return { ...job, dryRun: body?.dryRun };
  } catch (error) {
    if (error instanceof Unauthorized) throw error;
    panel.className = "job bad";
    panel.dataset.state = "failed";
    panel.replaceChildren(h("p", {}, h("strong", {}, title), " — ", h("span", { class: "error" }, error.message)));
    return { state: "failed", error: error.message };
  } finally {
    setRunning(false);
  }
}
