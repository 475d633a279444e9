// Identity: the SSH deploy key to add to the git host, with its fingerprint.

import { api } from "../api.js";
import { h, facts } from "../dom.js";

export const title = "Identity";

export async function render(context) {
  const identity = await api("/identity");
  const readonly = context.status?.source?.readonly;
  const key = h("textarea", { id: "public-key", class: "key", readonly: true, rows: "4", "aria-describedby": "key-help" });
  key.value = identity.publicKey;
  const copied = h("span", { class: "muted small", role: "status", id: "copy-status" });
  const copy = h("button", { type: "button", id: "copy-key" }, "Copy key");
  copy.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(identity.publicKey);
      copied.textContent = "Copied.";
    } catch {
      // No clipboard access (plain http on another host): select it for Ctrl+C instead.
      key.focus();
      key.select();
      copied.textContent = "Selected: press Ctrl+C (⌘C) to copy.";
    }
  });
  return h("div", {},
    h("div", { class: "toolbar" }, h("h1", { tabindex: "-1" }, "Identity")),
    h("section", { class: "card", "aria-labelledby": "key-title" },
      h("h2", { id: "key-title" }, "Deploy key"),
      h("p", { id: "key-help" }, "Add this public key to the repository as a deploy key",
        readonly ? " (read access is enough: fluxd runs with --git-readonly)." : ", with write access: fluxd commits releases, automation and policy changes."),
      h("label", { for: "public-key" }, "Public key"), key,
      h("div", { class: "buttons" }, copied, copy),
      facts([["Fingerprint", h("code", { id: "fingerprint" }, identity.fingerprint)]]),
      h("details", {}, h("summary", {}, "Randomart"), h("pre", { class: "art", "aria-label": "Randomart of the key" }, identity.randomArt))));
}
