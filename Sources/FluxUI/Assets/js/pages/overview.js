// Overview: the repository and path fluxd syncs, the revision it applied (message, author,
// time), the last sync's counts and errors, the next sync and how the workloads are doing.

import { api } from "../api.js";
import { h, facts, time, revision, badge, duration, splitMessage, countList, problemsTable, shortRevision } from "../dom.js";
import { syncNow } from "../actions.js";

export const title = "Overview";

export async function render(context) {
  const status = await api("/status");
  context.remember(status);
  const source = status.source;
  const syncButton = h("button", { type: "button", id: "sync-now", "data-action": "sync" }, "Sync now");
  syncButton.addEventListener("click", () => context.act(syncNow));

  return h("div", {},
    h("div", { class: "toolbar" }, h("h1", { tabindex: "-1" }, "Overview"), syncButton),
    h("div", { class: "grid" },
      h("section", { class: "card", "aria-labelledby": "source-title", id: "source" },
        h("h2", { id: "source-title" }, "Source"),
        facts([
          ["Repository", h("code", { id: "repository-url" }, source.url || "—")],
          ["Branch", h("code", { id: "branch" }, source.branch)],
          ["Path", source.paths.length ? source.paths.map((path, index) => [index ? ", " : "", h("code", {}, path)]) : h("code", {}, ".")],
          ["Git writes", source.readonly ? "off (--git-readonly)" : "on: releases, automation and policy changes are committed"],
          ["Polls git", `every ${duration(source.pollIntervalSeconds)}`],
        ])),
      appliedCard(status),
      lastSyncCard(status.lastSync),
      h("section", { class: "card", "aria-labelledby": "next-title", id: "next-sync" },
        h("h2", { id: "next-title" }, "Next sync"),
        facts([
          ["Due", status.nextSync ? [time(status.nextSync), " at the latest"] : h("span", { class: "muted" }, "not scheduled")],
          ["Interval", `every ${duration(source.syncIntervalSeconds)}, and within ${duration(source.pollIntervalSeconds)} of a new commit`],
          ["Automation", status.automation ? "on" : "off"],
        ])),
      healthCard(status.health)));
}

function appliedCard(status) {
  const applied = status.applied;
  const [subject, body] = splitMessage(applied?.message);
  const pending = status.head && applied && status.head !== applied.revision;
  return h("section", { class: "card", "aria-labelledby": "applied-title", id: "applied" },
    h("h2", { id: "applied-title" }, "Applied revision"),
    applied ? [
      h("p", {}, h("span", { id: "applied-revision" }, revision(applied.revision)), " ",
        h("strong", { id: "applied-subject" }, subject || "(no message)")),
      body ? h("pre", { id: "applied-body" }, body) : null,
      facts([
        ["Author", h("span", { id: "applied-author" }, applied.author || "—", applied.authorEmail ? ` <${applied.authorEmail}>` : "")],
        ["Committed", time(applied.time)],
      ]),
    ] : h("p", { class: "muted" }, "Nothing applied yet since fluxd started."),
    pending ? h("p", { class: "badge warn", id: "head-pending" }, `Branch head ${shortRevision(status.head)} is not applied yet`) : null);
}

function lastSyncCard(sync) {
  if (!sync) {
    return h("section", { class: "card", "aria-labelledby": "last-title", id: "last-sync" },
      h("h2", { id: "last-title" }, "Last sync"), h("p", { class: "muted" }, "No sync has finished yet."));
  }
  const summary = sync.summary;
  const seconds = (new Date(sync.finished) - new Date(sync.started)) / 1000;
  return h("section", { class: `card${sync.problems.length ? " wide" : ""}`, "aria-labelledby": "last-title", id: "last-sync" },
    h("h2", { id: "last-title" }, "Last sync ",
      summary.succeeded ? badge("succeeded", "ok") : badge("failed", "bad")),
    facts([
      ["Revision", revision(summary.revision)],
      ["Finished", [time(sync.finished), ` (took ${duration(Math.max(0, seconds))})`]],
    ]),
    countList(summary, sync.skipped),
    sync.problems.length ? problemsTable(sync.problems, `${sync.problems.length} problem(s)`) : null);
}

function healthCard(health) {
  const section = h("section", { class: "card", "aria-labelledby": "health-title", id: "health" },
    h("h2", { id: "health-title" }, "Health"));
  if (!health) return section;
  if (health.error) {
    section.append(h("p", { class: "error" }, health.error));
    return section;
  }
  section.append(
    h("p", {}, h("a", { href: "#/workloads" }, `${health.workloads} workload(s)`), " in the cluster"),
    h("ul", { class: "counts", "aria-label": "Rollout" },
      h("li", {}, badge("ready", "ok"), " ", h("strong", {}, String(health.ready))),
      h("li", {}, badge("updating", "warn"), " ", h("strong", {}, String(health.updating))),
      h("li", {}, badge("unknown"), " ", h("strong", {}, String(health.unknown)))));
  return section;
}
