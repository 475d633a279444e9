// Workloads: ID, containers and images, rollout or health, policies, the tags each
// container's policy allows (newest first), and the actions on each workload.

import { api } from "../api.js";
import { h, table, badge } from "../dom.js";
import { automate, deautomate, lockWithMessage, unlock, releaseDialog, tagOf } from "../actions.js";

export const title = "Workloads";

/** A stable element id for a workload's action button (keeps focus across live refreshes). */
export const actionId = (action, workload) => `${action}-${workload.replace(/[^A-Za-z0-9_-]/g, "_")}`;

export async function render(context) {
  const [workloads, images] = await Promise.all([api("/workloads"), api("/images")]);
  const imagesById = new Map(images.map((entry) => [entry.id, entry.containers]));
  const readonly = context.status?.source?.readonly;
  return h("div", {},
    h("div", { class: "toolbar" }, h("h1", { tabindex: "-1" }, "Workloads")),
    workloads.length === 0 ? h("p", { class: "muted" }, "No workloads in the cluster.") :
      table(`${workloads.length} workload(s): Deployments, StatefulSets, DaemonSets and CronJobs`,
        ["Workload", "Containers", "Rollout / health", "Policies", "Allowed tags (newest first)", "Actions"],
        workloads.map((workload) => {
          const row = [
            h("code", { class: "workload-id" }, workload.id),
            h("ul", {}, workload.containers.map((container) =>
              h("li", {}, h("strong", {}, container.name), container.isInit ? " (init)" : "", ": ", h("code", {}, container.image)))),
            healthCell(workload),
            policyList(workload.policies),
            allowedTags(imagesById.get(workload.id) || []),
            actions(context, workload, imagesById.get(workload.id) || [], readonly),
          ];
          row.attributes = { "data-workload": workload.id };
          return row;
        }), { id: "workloads" }));
}

/** The rollout as kubectl judges it, and beside it the health fluxd assesses (kstatus), when it reports one. */
export function healthCell(workload) {
  const rollout = workload.rollout;
  const replicas = rollout.desired !== undefined && rollout.desired !== null
    ? h("div", { class: "small" }, `${rollout.ready ?? 0}/${rollout.desired} ready, ${rollout.updated ?? 0} updated`) : null;
  const health = workload.health;
  let assessed = null;
  if (health) {
    const state = typeof health === "string" ? health : health.status || health.state || "unknown";
    const detail = typeof health === "object" ? [health.reason, health.message].filter(Boolean).join(": ") : null;
    assessed = h("div", { class: "health" }, badge(state, tone(state)), detail ? h("div", { class: "muted small" }, detail) : null);
  }
  return h("div", {}, badge(rollout.state, tone(rollout.state)), replicas,
    rollout.message ? h("div", { class: "muted small" }, rollout.message) : null, assessed);
}

function tone(state) {
  if (/^(ready|healthy|current|succeeded)$/i.test(state)) return "ok";
  if (/(updating|progress|pending)/i.test(state)) return "warn";
  if (/(fail|degraded|unhealthy|error)/i.test(state)) return "bad";
  return "";
}

export function policyList(policies) {
  const names = Object.keys(policies).sort();
  if (names.length === 0) return h("span", { class: "muted" }, "none");
  return h("ul", { class: "tags", "aria-label": "Policies" }, names.filter((name) => name !== "locked_msg" && name !== "locked_user").map((name) => {
    const value = policies[name];
    if (name === "automated") return h("li", {}, value === "true" ? "automated" : `automated: ${value}`);
    if (name === "locked") {
      const details = [policies.locked_msg, policies.locked_user ? `by ${policies.locked_user}` : null].filter(Boolean).join(" ");
      return h("li", { title: details || null }, value === "true" ? "locked" : `locked: ${value}`, details ? `: ${details}` : "");
    }
    return h("li", {}, `${name}: ${value}`);
  }));
}

function allowedTags(containers) {
  if (containers.length === 0) return h("span", { class: "muted" }, "—");
  return h("ul", {}, containers.map((container) => {
    const current = tagOf(container.current);
    let tags;
    if (!container.scanned) {
      tags = h("span", { class: "muted" }, container.error ? `not scanned: ${container.error}` : "not scanned");
    } else if (container.available.length === 0) {
      tags = h("span", { class: "muted" }, `none allowed by ${container.policy}`);
    } else {
      const shown = container.available.slice(0, 8);
      tags = h("ul", { class: "tags", "aria-label": `Tags ${container.policy} allows for ${container.name}` },
        shown.map((tag, index) => h("li", { class: [index === 0 ? "pick" : "", tag.tag === current ? "current" : ""].join(" ").trim() || null },
          tag.tag, tag.tag === current ? " (running)" : "")),
        container.available.length > shown.length ? h("li", {}, `+${container.available.length - shown.length} more`) : null);
    }
    return h("li", {}, h("strong", {}, container.name), ` (${container.policy}): `, tags);
  }));
}

function actions(context, workload, containers, readonly) {
  const id = workload.id;
  const automated = workload.policies.automated === "true";
  const locked = workload.policies.locked === "true";
  const why = readonly ? "fluxd runs with --git-readonly: it does not write to git" : null;
  const button = (action, label, handler) => {
    const element = h("button", {
      type: "button", class: "small secondary", id: actionId(action, id), "data-action": action,
      "aria-label": `${label} ${id}`, disabled: readonly, title: why, "data-readonly": readonly,
    }, label);
    element.addEventListener("click", () => context.act(handler));
    return element;
  };
  return h("div", { class: "actions" },
    automated ? button("deautomate", "Deautomate", () => deautomate(id)) : button("automate", "Automate", () => automate(id)),
    locked ? button("unlock", "Unlock", () => unlock(id)) : button("lock", "Lock…", () => lockWithMessage(id)),
    button("release", "Release…", () => releaseDialog(id, containers)));
}
