// The explain view of the tamis report. Plain DOM, no library; every document string goes
// through textContent, never innerHTML, because crawled text is untrusted.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("tamis-data").textContent);
  const $ = (sel) => document.querySelector(sel);
  // id -> every sampled document with it: an input may repeat an id, and each is its own document
  const byId = new Map();
  for (const [group, recs] of Object.entries(data.groups)) {
    for (const rec of recs) {
      if (!byId.has(rec.id)) byId.set(rec.id, []);
      byId.get(rec.id).push(Object.assign({ group }, rec));
    }
  }
  const known = (id) => byId.has(id) || Object.prototype.hasOwnProperty.call(data.index, id);

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

  function docView(rec) {
    const box = el("div", { class: "docview" });
    box.append(el("h3", {}, rec.id));
    if (rec.fate === "kept") {
      box.append(el("p", { class: "fate kept", "data-testid": "doc-reason" }, "kept"));
    } else {
      box.append(el("p", { class: "fate " + rec.fate, "data-testid": "doc-reason" },
        rec.fate + " by " + rec.step + ": " + rec.reason));
    }
    if (rec.duplicate_of) {
      const target = known(rec.duplicate_of) ? idLink(rec.duplicate_of) : el("code", {}, rec.duplicate_of);
      const dup = rec.duplicate_of === rec.id
        ? el("div", { class: "dup" }, "duplicate of another document with the same id, ", target)
        : el("div", { class: "dup" }, "duplicate of ", target);
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
    return box;
  }

  function indexedView(id, entry) {
    const [fate, step, reason, dup] = entry;
    const box = docView({ id, fate, step, reason, duplicate_of: dup, labels: {}, detail: {}, text: undefined });
    box.append(el("p", { class: "meta" }, "Only this document's fate is in the page (it is not in the sample)."));
    return box;
  }

  const show = (rec) => $("#doc").replaceChildren(docView(rec));

  // Every document with ``id``: the sampled ones in full, then the index's entries that no
  // sampled one accounts for (same fate, step, reason and original), as `tamis explain` lists them.
  function showAll(id) {
    const sampled = byId.get(id) || [];
    const rest = [...(Object.prototype.hasOwnProperty.call(data.index, id) ? data.index[id] : [])];
    for (const rec of sampled) {
      const at = rest.findIndex(([f, st, r, d]) => f === rec.fate && (st || null) === (rec.step || null)
        && (r || null) === (rec.reason || null) && (d || null) === (rec.duplicate_of || null));
      if (at >= 0) rest.splice(at, 1);
    }
    const views = [...sampled.map(docView), ...rest.map((entry) => indexedView(id, entry))];
    if (views.length === 1) return $("#doc").replaceChildren(views[0]);
    const head = el("p", { class: "note", "data-testid": "doc-count" },
      views.length + " documents have this id (the input repeats it); each is shown");
    $("#doc").replaceChildren(head, ...views);
  }

  function listItem(link, rec) {
    const li = el("li", {}, link);
    if (rec && rec.fate !== "kept") li.append(el("span", { class: "sub" }, rec.reason));
    return li;
  }

  function listIds(ids) {
    $("#ids").replaceChildren(...ids.map((id) => listItem(idLink(id), (byId.get(id) || [])[0])));
  }

  // A group's sampled documents, each link opening that very document (its id may repeat)
  function listRecords(recs) {
    $("#ids").replaceChildren(...recs.map((rec) => {
      const a = el("a", { href: "#explain", class: "idlink" }, rec.id);
      a.addEventListener("click", (e) => { e.preventDefault(); $("#search").value = rec.id; show(rec); });
      return listItem(a, rec);
    }));
  }

  function lookup(raw) {
    const id = raw.trim();
    if (!id) return;
    $("#search").value = id;
    if (!$("#ids").children.length) select.dispatchEvent(new Event("change"));  // after a failed search
    if (known(id)) return showAll(id);
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
  select.addEventListener("change", () => listRecords((data.groups[select.value] || []).map((r) => Object.assign({ group: select.value }, r))));
  $("#go").addEventListener("click", () => lookup($("#search").value));
  $("#search").addEventListener("keydown", (e) => { if (e.key === "Enter") lookup($("#search").value); });
  if (select.options.length) {
    select.dispatchEvent(new Event("change"));
    const first = data.groups[select.value][0];
    if (first) show(Object.assign({ group: select.value }, first));
  }
  if (location.hash.startsWith("#doc=")) lookup(decodeURIComponent(location.hash.slice(5)));
})();
