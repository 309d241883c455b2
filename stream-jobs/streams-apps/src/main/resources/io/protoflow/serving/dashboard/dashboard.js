// Protoflow serving dashboard: renders /api/state as SVG, live over server-sent events.
// Self-contained on purpose (no third-party code, no network beyond this app).
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const PALETTE = ["#2f6fde", "#e0712c", "#2e9d57", "#c8322f", "#8a55c9", "#8c5a3c",
                 "#d45fa6", "#6b7385", "#a3a322", "#1fa3b8"];
const SEVERITY = { INFO: "#2f6fde", WARNING: "#d98a00", CRITICAL: "#c8322f" };

let latest = null;
let selected = null;

function el(name, attrs, parent) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (parent) parent.appendChild(node);
  return node;
}

function text(parent, x, y, content, attrs) {
  const t = el("text", Object.assign({ x, y }, attrs || {}), parent);
  t.textContent = content;
  return t;
}

function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

function fmtRate(v) { return v === null || v === undefined ? "–" : v.toFixed(3); }
function fmtTime(ms) { return new Date(ms).toLocaleTimeString([], { hour12: false }); }
function size(svg) { const b = svg.viewBox.baseVal; return [b.width, b.height]; }

function colorOf(labels) {
  const map = new Map();
  labels.forEach((l, i) => map.set(l, PALETTE[i % PALETTE.length]));
  return l => map.get(l) || "#6b7385";
}

function empty(svg, message) {
  clear(svg);
  const [w, h] = size(svg);
  text(svg, w / 2, h / 2, message, { "text-anchor": "middle", class: "empty" });
}

// A time chart of rates in [0, 1]: one line plus optional dots.
function rateChart(svg, points, lineKey, dotKey, lineClass, message) {
  const usable = points.filter(p => p[lineKey] !== null || (dotKey && p[dotKey] !== null));
  if (usable.length === 0) { empty(svg, message); return; }
  clear(svg);
  const [w, h] = size(svg);
  const m = { l: 40, r: 12, t: 10, b: 24 };
  const t0 = usable[0].t, t1 = Math.max(usable[usable.length - 1].t, t0 + 1000);
  const x = t => m.l + (t - t0) / (t1 - t0) * (w - m.l - m.r);
  const y = v => m.t + (1 - v) * (h - m.t - m.b);
  for (const v of [0, 0.25, 0.5, 0.75, 1]) {
    el("line", { x1: m.l, x2: w - m.r, y1: y(v), y2: y(v), class: "grid" }, svg);
    text(svg, m.l - 6, y(v) + 4, v.toFixed(2), { "text-anchor": "end" });
  }
  el("line", { x1: m.l, x2: w - m.r, y1: h - m.b, y2: h - m.b, class: "axis" }, svg);
  text(svg, m.l, h - 6, fmtTime(t0), { "text-anchor": "start" });
  text(svg, w - m.r, h - 6, fmtTime(t1), { "text-anchor": "end" });
  if (dotKey) {
    for (const p of usable) {
      if (p[dotKey] !== null) el("circle", { cx: x(p.t), cy: y(p[dotKey]), r: 3, class: "dot-window" }, svg);
    }
  }
  const linePoints = usable.filter(p => p[lineKey] !== null);
  if (linePoints.length > 0) {
    const d = linePoints.map((p, i) => (i ? "L" : "M") + x(p.t).toFixed(1) + "," + y(p[lineKey]).toFixed(1)).join(" ");
    el("path", { d, class: "line " + lineClass, "data-points": linePoints.length }, svg);
    const last = linePoints[linePoints.length - 1];
    el("circle", { cx: x(last.t), cy: y(last[lineKey]), r: 4, class: "end-dot " + lineClass }, svg);
  }
}

function renderMap(svg, model, color) {
  const map = model.map;
  const caption = document.getElementById("map-caption");
  if (!map || map.points.length === 0) {
    empty(svg, "no served snapshot yet");
    caption.textContent = "Prototypes of the served version on their first two principal components.";
    return;
  }
  clear(svg);
  const [w, h] = size(svg);
  const pad = 28;
  const xs = map.points.map(p => p.x), ys = map.points.map(p => p.y);
  const span = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys), 1e-9);
  const cx = (Math.max(...xs) + Math.min(...xs)) / 2, cy = (Math.max(...ys) + Math.min(...ys)) / 2;
  const scale = (Math.min(w, h) - 2 * pad) / span;
  const px = v => w / 2 + (v - cx) * scale, py = v => h / 2 - (v - cy) * scale;
  el("line", { x1: pad, x2: w - pad, y1: h / 2, y2: h / 2, class: "grid" }, svg);
  el("line", { x1: w / 2, x2: w / 2, y1: pad, y2: h - pad, class: "grid" }, svg);
  const maxWeight = Math.max(...map.points.map(p => p.weight), 1);
  const centres = new Map();
  for (const p of map.points) {
    const r = 4 + 8 * Math.sqrt(p.weight / maxWeight);
    const dot = el("circle", { cx: px(p.x), cy: py(p.y), r: r.toFixed(1), fill: color(p.label), class: "point", "data-label": p.label }, svg);
    el("title", {}, dot).textContent = p.label + " (weight " + p.weight.toFixed(0) + ")";
    const c = centres.get(p.label) || { x: 0, y: 0, n: 0 };
    c.x += px(p.x); c.y += py(p.y); c.n += 1; centres.set(p.label, c);
  }
  for (const [label, c] of centres) {
    text(svg, c.x / c.n + 10, c.y / c.n - 8, label, { class: "point-label" });
  }
  const pct = v => v === undefined ? "–" : (100 * v).toFixed(0) + "%";
  text(svg, w - pad, h - 8, "PC1 " + pct(map.explained[0]), { "text-anchor": "end" });
  text(svg, pad, pad - 10, "PC2 " + pct(map.explained[1]), { "text-anchor": "start" });
  caption.textContent = "Prototypes of version " + map.version + " on their first two principal components ("
      + map.points.length + " prototypes).";
}

function renderCounts(svg, model, color) {
  const rows = model.classCounts;
  if (rows.length === 0) { empty(svg, "no classes yet"); return; }
  clear(svg);
  const [w] = size(svg);
  const rowH = 26, top = 22, labelW = 90, gap = 10, numberW = 56;
  const h = top + rows.length * rowH + 8;
  svg.setAttribute("viewBox", "0 0 " + w + " " + h);
  const half = (w - labelW - 3 * gap - 2 * numberW) / 2;
  const maxLearned = Math.max(...rows.map(r => r.learned), 1);
  const maxPredicted = Math.max(...rows.map(r => r.predicted), 1);
  text(svg, labelW + gap, 14, "learned", {});
  text(svg, labelW + 2 * gap + half + numberW, 14, "predicted", {});
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    text(svg, labelW - 4, y + 16, r.label, { "text-anchor": "end", class: "bar-label" });
    const lw = Math.max(1, half * r.learned / maxLearned) * (r.learned > 0 ? 1 : 0);
    el("rect", { x: labelW + gap, y: y + 4, width: lw.toFixed(1), height: rowH - 10, fill: color(r.label),
                 class: "bar-learned", "data-label": r.label, "data-value": r.learned }, svg);
    text(svg, labelW + gap + lw + 4, y + 17, String(r.learned), {});
    const pw = Math.max(1, half * r.predicted / maxPredicted) * (r.predicted > 0 ? 1 : 0);
    const px = labelW + 2 * gap + half + numberW;
    el("rect", { x: px, y: y + 4, width: pw.toFixed(1), height: rowH - 10, fill: color(r.label),
                 opacity: 0.55, class: "bar-predicted", "data-label": r.label, "data-value": r.predicted }, svg);
    text(svg, px + pw + 4, y + 17, String(r.predicted), {});
  });
}

function renderVersions(model) {
  const body = document.querySelector("#versions tbody");
  body.replaceChildren();
  for (const v of model.versions) {
    const tr = document.createElement("tr");
    tr.dataset.version = v.version;
    if (v.served) tr.classList.add("served");
    if (!v.retained) tr.classList.add("evicted");
    const cells = [v.version, v.parentVersion || "–", fmtTime(v.createdAt), v.recordsSeen, v.classes];
    for (const c of cells) { const td = document.createElement("td"); td.textContent = c; tr.appendChild(td); }
    const tags = document.createElement("td");
    const tag = (label, cls) => { const s = document.createElement("span"); s.className = "tag " + cls; s.textContent = label; tags.appendChild(s); };
    if (v.served) tag(model.served && model.served.pinned ? "served, pinned" : "served", model.served && model.served.pinned ? "pinned" : "");
    if (!v.retained) tag("evicted", "gone");
    tr.appendChild(tags);
    body.appendChild(tr);
  }
}

function renderAlerts(svg, alerts, now) {
  const list = document.getElementById("alerts-list");
  list.replaceChildren();
  const shown = alerts.filter(a => !selected || a.modelId === selected);
  if (shown.length === 0) { empty(svg, "no alerts"); return; }
  clear(svg);
  const [w, h] = size(svg);
  const m = 14;
  const times = shown.map(a => a.status === "RESOLVED" && a.resolvedAt ? a.resolvedAt : a.raisedAt);
  const t0 = Math.min(...times), t1 = Math.max(now, Math.max(...times), t0 + 1000);
  const x = t => m + (t - t0) / (t1 - t0) * (w - 2 * m);
  el("line", { x1: m, x2: w - m, y1: h / 2, y2: h / 2, class: "axis" }, svg);
  text(svg, m, h - 6, fmtTime(t0), { "text-anchor": "start" });
  text(svg, w - m, h - 6, fmtTime(t1), { "text-anchor": "end" });
  shown.forEach((a, i) => {
    const colour = SEVERITY[a.severity] || "#6b7385";
    const marker = el("circle", { cx: x(times[i]), cy: h / 2 - (a.status === "RESOLVED" ? 14 : 0), r: 6,
        class: "alert-marker " + a.status, fill: colour, stroke: colour, "data-type": a.type }, svg);
    el("title", {}, marker).textContent = a.type + " " + a.status + ": " + a.message;
  });
  for (const a of shown.slice(0, 50)) {
    const li = document.createElement("li");
    li.dataset.type = a.type; li.dataset.status = a.status;
    const when = document.createElement("span"); when.className = "when";
    when.textContent = fmtTime(a.status === "RESOLVED" && a.resolvedAt ? a.resolvedAt : a.raisedAt);
    const sev = document.createElement("span"); sev.className = "sev " + a.severity; sev.textContent = a.severity;
    const body = document.createElement("span");
    body.textContent = a.type + " " + a.status.toLowerCase() + " — " + a.message;
    li.append(when, sev, body);
    list.appendChild(li);
  }
}

function setText(id, value) { document.getElementById(id).textContent = value; }

function render(state) {
  latest = state;
  const badge = document.getElementById("streams-state");
  badge.textContent = state.streamsState.toLowerCase();
  badge.className = "badge " + (state.streamsState === "RUNNING" ? "ok" : state.streamsState === "ERROR" ? "bad" : "");
  const select = document.getElementById("model-select");
  const ids = state.models.map(m => m.modelId);
  if (select.options.length !== ids.length || ids.some((id, i) => select.options[i].value !== id)) {
    select.replaceChildren(...ids.map(id => { const o = document.createElement("option"); o.value = id; o.textContent = id; return o; }));
  }
  if (!selected || !ids.includes(selected)) selected = ids[0] || null;
  if (selected) select.value = selected;
  const deadLetters = Object.values(state.deadLetters).reduce((a, b) => a + b, 0);
  setText("kpi-dead-letters", String(deadLetters));
  setText("kpi-dead-letter-classes", Object.entries(state.deadLetters).map(([k, v]) => k + " " + v).join(", "));
  const model = state.models.find(m => m.modelId === selected);
  if (!model) {
    for (const id of ["chart-accuracy", "chart-ood", "map", "class-counts"]) empty(document.getElementById(id), "no model yet");
    renderAlerts(document.getElementById("alerts-timeline"), state.alerts, state.generatedAt);
    return;
  }
  const served = model.served;
  setText("kpi-served-version", served ? "v" + served.version : "–");
  const pinned = document.getElementById("kpi-pinned");
  pinned.textContent = served && served.pinned ? "pinned" + (served.requestedVersion ? " to v" + served.requestedVersion : " (rollback)") : (served ? "follows newest" : "");
  pinned.className = "kpi-note" + (served && served.pinned ? " pinned" : "");
  setText("kpi-newest-version", model.newestVersion ? "v" + model.newestVersion : "–");
  setText("kpi-learner", served ? served.learnerType + ", d=" + served.dimension + ", " + served.classes + " classes" : "");
  setText("kpi-accuracy", fmtRate(model.totals.accuracy));
  setText("kpi-accuracy-note", model.totals.correct + " / " + model.totals.labelled + " labelled");
  setText("kpi-ood-rate", fmtRate(model.totals.oodRate));
  setText("kpi-ood-note", model.totals.oodFlagged + " flagged");
  setText("kpi-predictions", String(model.totals.predictions));
  const c = model.control;
  setText("kpi-control", c ? c.action.toLowerCase() + (c.version ? " v" + c.version : "") + " by " + c.issuedBy : "no command");
  const color = colorOf(model.classCounts.map(r => r.label));
  rateChart(document.getElementById("chart-accuracy"), model.series, "accuracy", "windowAccuracy", "line-accuracy", "no labelled requests yet");
  rateChart(document.getElementById("chart-ood"), model.series, "oodRate", null, "line-ood", "no predictions yet");
  renderMap(document.getElementById("map"), model, color);
  renderCounts(document.getElementById("class-counts"), model, color);
  renderVersions(model);
  renderAlerts(document.getElementById("alerts-timeline"), state.alerts, state.generatedAt);
  document.body.dataset.changes = state.changes;
}

function connect() {
  const live = document.getElementById("live");
  const source = new EventSource("api/events");
  source.addEventListener("state", e => { render(JSON.parse(e.data)); });
  source.onopen = () => { live.textContent = "live"; live.className = "badge ok"; };
  source.onerror = () => { live.textContent = "reconnecting"; live.className = "badge bad"; };
}

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("model-select").addEventListener("change", e => {
    selected = e.target.value;
    if (latest) render(latest);
  });
  fetch("api/state").then(r => r.json()).then(render).catch(() => {});
  connect();
});
