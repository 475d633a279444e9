// History: what fluxd did since it started, newest first: sync passes, the commits it pushed
// (releases, automation, policy changes) and the jobs it finished.

import { api } from "../api.js";
import { h, time, revision, badge, shortRevision, splitMessage, countList, problemsTable } from "../dom.js";
import { describeJob } from "../jobs.js";

export const title = "History";

export async function render() {
  const page = await api("/history?limit=200");
  return h("div", {},
    h("div", { class: "toolbar" }, h("h1", { tabindex: "-1" }, "History")),
    h("p", { class: "muted" }, "Since fluxd started (it keeps the last 300 entries in memory)."),
    page.entries.length === 0 ? h("p", { class: "muted" }, "Nothing yet.") :
      h("ol", { class: "history", id: "history", "aria-label": "History, newest first" },
        page.entries.map((entry) => h("li", { "data-kind": entry.kind, "data-sequence": String(entry.sequence) },
          h("span", { class: "when" }, time(entry.time)), ...entryContent(entry)))));
}

function entryContent(entry) {
  if (entry.kind === "sync" && entry.sync) {
    const summary = entry.sync.summary;
    return [
      summary.succeeded ? badge("sync", "ok") : badge("sync failed", "bad"), " ",
      summary.succeeded ? "Applied " : "Tried ", revision(summary.revision),
      countList(summary, entry.sync.skipped),
      entry.sync.problems.length ? problemsTable(entry.sync.problems, "Problems") : null,
    ];
  }
  if (entry.kind === "commit" && entry.commit) {
    const [subject, body] = splitMessage(entry.commit.message);
    return [
      badge(entry.job ? `commit · ${entry.job.kind}` : "commit"), " ",
      revision(entry.commit.revision), " ", h("strong", {}, subject),
      h("span", { class: "muted" }, ` by ${entry.commit.author}`),
      body ? h("details", {}, h("summary", {}, "Message"), h("pre", {}, body)) : null,
    ];
  }
  if (entry.kind === "job" && entry.job) {
    const job = entry.job;
    return [
      badge(`job · ${job.kind}`, job.state === "succeeded" ? "ok" : "bad"), " ", job.state,
      h("ul", {}, describeJob(job).map((line) => h("li", {}, line))),
    ];
  }
  return [entry.kind];
}

/** One line for screen readers and the live indicator when an entry arrives. */
export function describeEntry(entry) {
  if (entry.kind === "sync" && entry.sync) {
    const summary = entry.sync.summary;
    return summary.succeeded ? `Synced ${shortRevision(summary.revision)}` : `Sync of ${shortRevision(summary.revision)} failed`;
  }
  if (entry.kind === "commit" && entry.commit) {
    return `fluxd pushed ${shortRevision(entry.commit.revision)}: ${splitMessage(entry.commit.message)[0]}`;
  }
  if (entry.kind === "job" && entry.job) return `Job ${entry.job.kind} ${entry.job.state}`;
  return "fluxd did something";
}
