// The explain view of the tamis report. Plain DOM, no library; every document string goes
// through textContent, never innerHTML, because crawled text is untrusted.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("tamis-data").textContent);
  const $ = (sel) => document.querySelector(sel);
  const byId = new Map();
  for (const [group, recs] of Object.entries(data.groups)) {
    for (const rec of recs) if (!byId.has(rec.id)) byId.set(rec.id, Object.assign({ group }, rec));
  }

  function el(tag, attrs, ...kids) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    for (const kid of kids) if (kid !== null && kid !== undefined) node.append(kid instanceof Node ? kid : String(kid));
    return node;
  }
  const quote = (s) => (/^[\w@%+=:,./-]+$/.test(s) ? s : "'" + s.replace(/'/g, "'\"'\"'") + "'");
  const command = (id) => "tamis explain " + quote(data.output) + " " + quote(id);

  function flatten(obj, prefix, out) {
    for (const [k, v] of Object.entries(obj || {})) {
      const path = prefix ? prefix + "." + k : k;
      if (v && typeof v === "object" && !Array.isArray(v)) flatten(v, path, out);
      else if (typeof v === "number" && !Number.isInteger(v)) out.push([path, String(Number(v.toPrecision(4)))]);
      else out.push([path, Array.isArray(v) ? JSON.stringify(v) : String(v)]);
    }
    return out;
  }

  function idLink(id) {
    const a = el("a", { href: "#explain", class: "idlink" }, id);
    a.addEventListener("click", (e) => { e.preventDefault(); lookup(id); });
    return a;
  }

  function textView(rec) {
    if (rec.lines && rec.lines.length) {
      const box = el("div", { class: "text lines", "data-testid": "doc-text" });
      for (const ln of rec.lines) {
        if (ln.keep) box.append(el("div", { class: "line" }, ln.text || "\u00a0"));
        else if (ln.text === null) box.append(el("div", { class: "line cut" }, el("span", { class: "gone" }, "(line removed; its text is not recorded)"),
          el("span", { class: "tag" }, ln.reason || "removed")));
        else box.append(el("div", { class: "line cut" }, el("del", {}, ln.text || "\u00a0"),
          el("span", { class: "tag" }, ln.reason || "removed")));
      }
      return box;
    }
    if (rec.text !== null && rec.text !== undefined) {
      return el("pre", { class: "text", "data-testid": "doc-text" }, rec.text + (rec.truncated ? "\n… (truncated)" : ""));
    }
    return el("p", { class: "empty" }, "The ledger keeps the labels of removed documents, not their text.");
  }

  function lineCount(rec) {
    const cut = (rec.lines || []).filter((ln) => !ln.keep).length;
    return cut ? el("p", { class: "meta" }, cut + " of " + rec.lines.length + " lines removed") : null;
  }

  function show(rec) {
    const box = $("#doc");
    box.replaceChildren();
    box.append(el("h3", {}, rec.id));
    if (rec.fate === "kept") {
      box.append(el("p", { class: "fate kept", "data-testid": "doc-reason" }, "kept"));
    } else {
      box.append(el("p", { class: "fate " + rec.fate, "data-testid": "doc-reason" },
        rec.fate + " by " + rec.step + ": " + rec.reason));
    }
    if (rec.duplicate_of) {
      const dup = el("div", { class: "dup" }, "duplicate of ", byId.has(rec.duplicate_of) ? idLink(rec.duplicate_of) : el("code", {}, rec.duplicate_of));
      if (rec.original && rec.original.text) dup.append(el("pre", { class: "text" }, rec.original.text));
      box.append(dup);
    }
    if (rec.text !== undefined || rec.lines) {
      box.append(el("h4", {}, "Text"));
      const count = lineCount(rec);
      if (count) box.append(count);
      box.append(textView(rec));
    }
    const sigs = flatten(rec.labels, "", []);
    if (sigs.length) {
      const table = el("table", { class: "signals" });
      for (const [k, v] of sigs) table.append(el("tr", {}, el("td", {}, el("code", {}, k)), el("td", {}, v)));
      box.append(el("h4", {}, "Signals and labels"), table);
    }
    if (rec.detail && Object.keys(rec.detail).length) {
      box.append(el("h4", {}, "Detail"), el("pre", { class: "detail" }, JSON.stringify(rec.detail, null, 2)));
    }
    box.append(el("p", { class: "meta" }, "In a terminal: ", el("code", {}, command(rec.id))));
  }

  function showIndexed(id, entry) {
    const [fate, step, reason, dup] = entry;
    show({ id, fate, step, reason, duplicate_of: dup, labels: {}, detail: {}, text: undefined });
    $("#doc").append(el("p", { class: "meta" }, "Only this document's fate is in the page (it is not in the sample)."));
  }

  function listIds(ids) {
    const list = $("#ids");
    list.replaceChildren();
    for (const id of ids) {
      const li = el("li", {}, idLink(id));
      const rec = byId.get(id);
      if (rec && rec.fate !== "kept") li.append(el("span", { class: "sub" }, rec.reason));
      list.append(li);
    }
  }

  function lookup(raw) {
    const id = raw.trim();
    if (!id) return;
    $("#search").value = id;
    if (!$("#ids").children.length) select.dispatchEvent(new Event("change"));  // after a failed search
    if (byId.has(id)) return show(byId.get(id));
    if (Object.prototype.hasOwnProperty.call(data.index, id)) return showIndexed(id, data.index[id]);
    const hits = [...new Set([...byId.keys(), ...Object.keys(data.index)])].filter((k) => k.includes(id)).slice(0, 50);
    if (hits.length === 1) return lookup(hits[0]);
    listIds(hits);
    const box = $("#doc");
    box.replaceChildren(el("p", { class: "empty", "data-testid": "doc-reason" },
      hits.length ? hits.length + " ids contain “" + id + "”; pick one." : "“" + id + "” is not in this page."),
      el("p", { class: "meta" }, "Ask the run itself: ", el("code", {}, command(id))));
  }

  const select = $("#group");
  for (const [group, recs] of Object.entries(data.groups)) {
    const seen = data.seen[group] || recs.length;
    const label = group + " (" + (seen > recs.length ? recs.length + " of " + seen : recs.length) + ")";
    select.append(el("option", { value: group }, label));
  }
  select.addEventListener("change", () => listIds((data.groups[select.value] || []).map((r) => r.id)));
  $("#go").addEventListener("click", () => lookup($("#search").value));
  $("#search").addEventListener("keydown", (e) => { if (e.key === "Enter") lookup($("#search").value); });
  if (select.options.length) {
    select.dispatchEvent(new Event("change"));
    const first = data.groups[select.value][0];
    if (first) show(byId.get(first.id));
  }
  if (location.hash.startsWith("#doc=")) lookup(decodeURIComponent(location.hash.slice(5)));
})();
