// Building the page from data without HTML strings: every value becomes text, so nothing from
// git or the cluster can inject markup (the CSP also forbids it, with Trusted Types).

/** `h("a", {href: "#/x", class: "y"}, "text", child)` */
export function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      element.addEventListener(name.slice(2), value);
    } else if (name === "class") {
      element.className = value;
    } else if (value === true) {
      element.setAttribute(name, "");
    } else {
      element.setAttribute(name, String(value));
    }
  }
  appendAll(element, children);
  return element;
}

export function appendAll(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
const absolute = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });

/** "3 minutes ago" / "in 2 minutes", as a <time> with the full date as its title. */
export function time(iso) {
  if (!iso) return h("span", { class: "muted" }, "—");
  const date = new Date(iso);
  return h("time", { datetime: date.toISOString(), title: absolute.format(date) }, ago(date));
}

export function ago(date) {
  const seconds = Math.round((date.getTime() - Date.now()) / 1000);
  const units = [["day", 86400], ["hour", 3600], ["minute", 60]];
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return relative.format(seconds, "second");
}

/** A duration in seconds as "5m", "1h", "30s". */
export function duration(seconds) {
  if (seconds >= 3600 && seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60}m`;
  return `${Math.round(seconds * 10) / 10}s`;
}

export const shortRevision = (revision) => (revision || "").slice(0, 7);

export function revision(full) {
  if (!full) return h("span", { class: "muted" }, "—");
  return h("code", { title: full }, shortRevision(full));
}

export function badge(text, tone) {
  return h("span", { class: tone ? `badge ${tone}` : "badge" }, text);
}

/** A definition list from [term, value] pairs (values may be nodes). */
export function facts(pairs) {
  return h("dl", { class: "facts" }, pairs.filter(Boolean).flatMap(([term, value]) => [h("dt", {}, term), h("dd", {}, value)]));
}

/**
 * A table that turns into cards on a phone: `columns` are headers, `rows` arrays of cells.
 */
export function table(caption, columns, rows, { id } = {}) {
  return h("div", { class: "table-wrap" },
    h("table", { class: "responsive", id },
      h("caption", {}, caption),
      h("thead", {}, h("tr", {}, columns.map((column) => h("th", { scope: "col" }, column)))),
      h("tbody", {}, rows.map((cells) =>
        h("tr", cells.attributes || {}, cells.map((cell, index) => h("td", { "data-label": columns[index] }, cell)))))));
}

/** The first line of a commit message, and the rest. */
export function splitMessage(message) {
  const text = (message || "").trim();
  const newline = text.indexOf("\n");
  if (newline < 0) return [text, ""];
  return [text.slice(0, newline), text.slice(newline + 1).trim()];
}

/** "created 1, configured 2, …" */
export function counts(summary, skipped) {
  const items = [["created", summary.created], ["configured", summary.configured], ["unchanged", summary.unchanged],
    ["pruned", summary.pruned]];
  if (skipped !== undefined) items.push(["skipped", skipped]);
  items.push(["failed", summary.failed]);
  return items;
}

export function countList(summary, skipped) {
  return h("ul", { class: "counts", "aria-label": "Objects" },
    counts(summary, skipped).map(([name, value]) => h("li", {}, `${name} `, h("strong", {}, String(value)))));
}

export function problemsTable(problems, caption) {
  return table(caption, ["File", "Line", "Object", "Error"],
    problems.map((problem) => [
      problem.file ? h("code", {}, problem.file) : "—",
      problem.line ? String(problem.line) : "—",
      problem.object ? h("code", {}, problem.object) : "—",
      problem.message,
    ]));
}
