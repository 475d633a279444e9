// Images: each repository the workloads run, its tags (newest first, as the policies order
// them), and for every container which tag its policy picks.

import { api } from "../api.js";
import { h, table, badge, time } from "../dom.js";
import { tagOf } from "../actions.js";

export const title = "Images";

export async function render() {
  const images = await api("/images");
  const repositories = new Map();
  for (const workload of images) {
    for (const container of workload.containers) {
      if (!repositories.has(container.repository)) repositories.set(container.repository, []);
      repositories.get(container.repository).push({ workload: workload.id, ...container });
    }
  }
  const names = [...repositories.keys()].sort();
  return h("div", {},
    h("div", { class: "toolbar" }, h("h1", { tabindex: "-1" }, "Images")),
    names.length === 0 ? h("p", { class: "muted" }, "No workload runs an image.") : null,
    names.map((name, index) => repositoryCard(name, repositories.get(name), index)));
}

function repositoryCard(name, uses, index) {
  const titleId = `repository-${index}`;
  const scanned = uses.some((use) => use.scanned);
  const errors = [...new Set(uses.map((use) => use.error).filter(Boolean))];
  // Every tag some policy allows, in the order the first listing gives (newest first).
  const tags = new Map();
  for (const use of uses) for (const tag of use.available) if (!tags.has(tag.tag)) tags.set(tag.tag, tag);
  return h("section", { class: "card", "aria-labelledby": titleId, "data-repository": name },
    h("h2", { id: titleId }, h("code", {}, name), " ", scanned ? badge(`${tags.size} tag(s)`) : badge("not scanned", "warn")),
    errors.map((error) => h("p", { class: "error" }, `Scanning failed: ${error}`)),
    tags.size ? h("details", { open: true },
      h("summary", {}, "Tags the policies allow, newest first"),
      h("ul", { class: "tags" }, [...tags.values()].map((tag) =>
        h("li", { title: tag.created ? new Date(tag.created).toISOString() : null }, tag.tag)))) : null,
    table(`Containers running ${name}`, ["Workload", "Container", "Running", "Policy", "Policy picks"],
      uses.map((use) => {
        const current = tagOf(use.current);
        const pick = use.available[0];
        let picks;
        if (!use.scanned) picks = h("span", { class: "muted" }, "not scanned");
        else if (!pick) picks = h("span", { class: "muted" }, "no tag allowed");
        else picks = h("span", {}, h("code", { class: "pick" }, pick.tag), " ",
          pick.tag === current ? badge("running", "ok") : badge("newer than running", "warn"),
          pick.created ? [" ", h("span", { class: "muted small" }, "built ", time(pick.created))] : null);
        const row = [h("code", {}, use.workload), use.name, h("code", {}, current || use.current), h("code", {}, use.policy), picks];
        row.attributes = { "data-workload": use.workload, "data-container": use.name };
        return row;
      })));
}
