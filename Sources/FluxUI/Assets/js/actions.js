// The UI's actions, each one fluxd API job as fluxctl would start it: sync now,
// automate/deautomate, lock (with a message)/unlock, and release a chosen tag after a
// dry-run preview.

import { h, appendAll } from "./dom.js";
import { startJob } from "./jobs.js";

/** `fluxctl sync` */
export const syncNow = () => startJob("Sync", "/sync", {});

/** `fluxctl automate`, `deautomate`, `lock`, `unlock`: one policy update. */
export function updatePolicy(title, workload, add, remove) {
  return startJob(title, "/policies", { updates: [{ workload, add, remove }], cause: {} });
}

export const automate = (workload) => updatePolicy(`Automate ${workload}`, workload, { automated: "true" }, []);
export const deautomate = (workload) => updatePolicy(`Deautomate ${workload}`, workload, {}, ["automated"]);
export const unlock = (workload) =>
  updatePolicy(`Unlock ${workload}`, workload, {}, ["locked", "locked_user", "locked_msg"]);

/** A modal dialog; resolves with what `onSubmit` returns, or null when cancelled. */
function openDialog(title, body, { submitLabel, onSubmit, describedBy, submitId, submitDisabled = false }) {
  return new Promise((resolve) => {
    const titleId = `dialog-title-${Date.now()}`;
    const submit = h("button", { type: "submit", id: submitId, disabled: submitDisabled }, submitLabel);
    const cancel = h("button", { type: "button", class: "secondary" }, "Cancel");
    const form = h("form", { method: "dialog" }, body, h("div", { class: "buttons" }, cancel, submit));
    const dialog = h("dialog", { "aria-labelledby": titleId, "aria-describedby": describedBy }, h("h2", { id: titleId }, title), form);
    let result = null;
    cancel.addEventListener("click", () => dialog.close());
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      result = onSubmit(form);
      if (result !== undefined) dialog.close();
    });
    dialog.addEventListener("close", () => {
      dialog.remove();
      resolve(result);
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

/** `fluxctl lock -m MESSAGE`: asks for the message first. */
export async function lockWithMessage(workload) {
  const input = h("textarea", { id: "lock-message", name: "message", rows: "3" });
  const message = await openDialog(`Lock ${workload}`, [
    h("p", { id: "lock-help", class: "muted" }, "A locked workload is left alone by automation and by releases without force."),
    h("label", { for: "lock-message" }, "Why (recorded as fluxcd.io/locked_msg)"), input,
  ], { submitLabel: "Lock", describedBy: "lock-help", onSubmit: () => input.value.trim() });
  if (message === null) return null;
  const add = { locked: "true" };
  if (message) add.locked_msg = message;
  return updatePolicy(`Lock ${workload}`, workload, add, []);
}

/**
 * Release a chosen tag: pick container and tag, preview with a dry run (nothing is
 * committed), then release what the preview showed.
 */
export async function releaseDialog(workload, containers) {
  const choices = containers.filter((container) => container.available.length > 0);
  const containerSelect = h("select", { id: "release-container", name: "container" },
    choices.map((container, index) => h("option", { value: String(index) }, `${container.name} (${container.current})`)));
  const tagSelect = h("select", { id: "release-tag", name: "tag" });
  const plan = h("div", { class: "plan", id: "release-plan", role: "status", "aria-live": "polite" });
  const preview = h("button", { type: "button", class: "secondary", id: "release-preview" }, "Preview (dry run)");
  let previewed = null;
  // The dialog's Release button, enabled only while the preview matches the selection.
  const releaseButton = () => document.getElementById("release-submit");

  const selection = () => {
    const container = choices[Number(containerSelect.value)];
    return { container, image: `${container.repository}:${tagSelect.value}` };
  };
  const fillTags = () => {
    const container = choices[Number(containerSelect.value)];
    const currentTag = tagOf(container.current);
    tagSelect.replaceChildren(...container.available.map((tag) =>
      h("option", { value: tag.tag }, tag.tag === currentTag ? `${tag.tag} (running)` : tag.tag)));
    invalidate();
  };
  const invalidate = () => {
    previewed = null;
    plan.replaceChildren(h("p", { class: "muted" }, "Preview the release to see what changes in git."));
    const button = releaseButton();
    if (button) button.disabled = true;
  };
  containerSelect.addEventListener("change", fillTags);
  tagSelect.addEventListener("change", invalidate);
  preview.addEventListener("click", async () => {
    const { image } = selection();
    preview.disabled = true;
    plan.replaceChildren(h("p", {}, "Planning…"));
    const job = await startJob(`Preview release of ${image}`, "/releases", releaseRequest(workload, image, true));
    preview.disabled = false;
    if (job.state !== "succeeded") {
      plan.replaceChildren(h("p", { class: "error" }, job.error || "the preview failed"));
      return;
    }
    const changes = job.result?.changes || [];
    const skipped = job.result?.skipped || [];
    plan.replaceChildren();
    appendAll(plan, [
      h("p", {}, changes.length ? `The release would change ${changes.length} container(s):` : "Nothing would change."),
      changes.length ? h("ul", { id: "release-changes" },
        changes.map((change) => h("li", {}, h("code", {}, change.workload), ` ${change.container}: `,
          h("code", {}, change.from), " → ", h("code", {}, change.to)))) : null,
      skipped.map((item) => h("p", { class: "muted" }, `Skipped ${item.workload}: ${item.reason}`)),
    ]);
    previewed = changes.length ? image : null;
    const button = releaseButton();
    if (button) button.disabled = previewed === null;
  });

  if (choices.length) fillTags();
  if (choices.length === 0) {
    await openDialog(`Release ${workload}`, [h("p", {}, "No scanned tags to choose from: image scanning has no results for this workload's images.")],
      { submitLabel: "Close", onSubmit: () => null });
    return null;
  }
  const chosen = await openDialog(`Release ${workload}`, [
    h("p", { id: "release-help", class: "muted" }, "Choose a tag, preview the change (a dry run commits nothing), then release it: fluxd commits the new image to git and applies it."),
    h("label", { for: "release-container" }, "Container"), containerSelect,
    h("label", { for: "release-tag" }, "Tag (newest first, as the policy allows)"), tagSelect,
    h("div", { class: "buttons" }, preview),
    plan,
  ], {
    submitLabel: "Release", describedBy: "release-help", submitId: "release-submit", submitDisabled: true,
    onSubmit: () => (previewed ? previewed : undefined),
  });
  return chosen ? startJob(`Release ${chosen}`, "/releases", releaseRequest(workload, chosen, false)) : null;

  function releaseRequest(id, image, dryRun) {
    return { workloads: [id], all: false, image, updateAllImages: false, exclude: [], force: false, dryRun, cause: {} };
  }
}

/** The tag of an image reference (`repo:tag`, `repo@sha256:…` has none). */
export function tagOf(image) {
  const at = image.indexOf("@");
  const name = at >= 0 ? image.slice(0, at) : image;
  const colon = name.lastIndexOf(":");
  return colon > name.lastIndexOf("/") ? name.slice(colon + 1) : "";
}
