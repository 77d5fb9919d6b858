/* tocsin dashboard: filters in the URL, map + timeline + list + detail over the JSON API.
   Everything is aggregated server-side (/map clusters, /timeline buckets, /facets counts), so
   the page stays responsive on large databases. */
"use strict";

// PLOVER types, grouped so related types read as related colours: violence in reds,
// contention in purples/ambers, verbal conflict in greys, cooperation in greens and blues.
const TYPES = {
  ASSAULT: "#b2182b", COERCE: "#e6550d", MOBILIZE: "#8c510a", THREATEN: "#e0a100",
  PROTEST: "#7b3294", SANCTION: "#c51b7d", ACCUSE: "#8d8d8d", REJECT: "#5f5f5f",
  REQUEST: "#1b9e9e", RETREAT: "#66a61e", CONCEDE: "#98c548", AID: "#1a9850",
  COOPERATE: "#2166ac", AGREE: "#4393c3", CONSULT: "#86bcd9", SUPPORT: "#5e3c99",
};
const TYPE_ORDER = Object.keys(TYPES);
const FILTER_KEYS = ["since", "until", "country", "q", "actor", "min_killed"];
const COUNT_LABELS = { killed: "killed", injured: "injured", arrested: "arrested", displaced: "displaced",
                       participants: "participants" };

const state = { since: "", until: "", country: "", q: "", actor: "", min_killed: "", historical: false,
                types: [], from: "", to: "", sort: "-date", event: "", view: "" };
let nextCursor = null;
let timelineData = null;
let map = null;
let markerLayer = null;
let selectedRing = null;
let mapRequest = 0;

const $ = (id) => document.getElementById(id);
const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;",
  '"': "&quot;", "'": "&#39;" }[c]));
const fmt = (n) => (n ?? 0).toLocaleString("en-US");
const short = (n) => (n >= 10000 ? `${Math.round(n / 1000)}k` : n >= 1000 ? `${(n / 1000).toFixed(1)}k` : `${n}`);
const colour = (t) => TYPES[t] || "#555";

/* ---------- state <-> URL ---------- */

function readHash() {
  const p = new URLSearchParams(location.hash.slice(1));
  for (const k of [...FILTER_KEYS, "from", "to", "sort", "event", "view"]) state[k] = p.get(k) || state[k] || "";
  state.historical = p.get("historical") === "any";
  state.types = (p.get("type") || "").split(",").filter((t) => TYPES[t]);
  if (!["-date", "date", "-killed", "-confidence"].includes(state.sort)) state.sort = "-date";
}

function writeHash() {
  const p = new URLSearchParams();
  for (const k of [...FILTER_KEYS, "from", "to"]) if (state[k]) p.set(k, state[k]);
  if (state.types.length) p.set("type", state.types.join(","));
  if (state.historical) p.set("historical", "any");
  if (state.sort !== "-date") p.set("sort", state.sort);
  if (state.event) p.set("event", state.event);
  if (state.view) p.set("view", state.view);
  history.replaceState(null, "", `#${p.toString()}`);
}

/** API parameters for the current filters; `brush` applies the timeline selection, `types` the type chips. */
function params({ brush = true, types = true } = {}) {
  const p = new URLSearchParams();
  for (const k of FILTER_KEYS) if (state[k]) p.set(k, state[k]);
  if (brush && state.from) p.set("since", state.from);
  if (brush && state.to) p.set("until", state.to);
  if (types && state.types.length) p.set("type", state.types.join(","));
  p.set("historical", state.historical ? "any" : "false");
  return p;
}

async function api(path, p) {
  const response = await fetch(p ? `${path}?${p}` : path, { headers: { Accept: "application/json" } });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error ? `${body.error.message}${body.error.fix ? ` — ${body.error.fix}` : ""}` : response.statusText);
  return body;
}

function showError(err) {
  $("list-count").textContent = "";
  $("event-list").innerHTML = `<li class="empty">⚠ ${esc(err.message)}</li>`;
}

/* ---------- filter form ---------- */

function fillForm() {
  const f = $("filters");
  for (const k of FILTER_KEYS) f.elements[k].value = state[k];
  f.elements.historical.checked = state.historical;
  $("sort").value = state.sort;
}

function readForm() {
  const f = $("filters");
  for (const k of FILTER_KEYS) state[k] = f.elements[k].value.trim();
  state.country = state.country.toUpperCase();
  state.historical = f.elements.historical.checked;
}

/* ---------- loading ---------- */

async function refreshAll() {
  writeHash();
  updateExports();
  await Promise.all([loadFacets(), loadTimeline(), loadMap(), loadList()].map((p) => p.catch(showError)));
}

async function refreshSelection() {
  writeHash();
  updateExports();
  await Promise.all([loadFacets(), loadMap(), loadList()].map((p) => p.catch(showError)));
  drawTimeline();
}

async function loadFacets() {
  // Chip counts ignore the type selection (so unselected types still show theirs); one request when none is selected.
  const [all, untyped] = state.types.length
    ? await Promise.all([api("/facets", params()), api("/facets", params({ types: false }))])
    : await api("/facets", params()).then((f) => [f, f]);
  $("stats").innerHTML = `<span><b>${fmt(all.total)}</b> events</span><span><b>${fmt(all.killed)}</b> killed</span>`
    + `<span><b>${fmt(all.countries)}</b> countries</span>`;
  $("country-options").innerHTML = Object.entries(untyped.country)
    .map(([c, n]) => `<option value="${esc(c)}">${esc(c)} · ${fmt(n)}</option>`).join("");
  const counts = untyped.plover_type;
  const shown = TYPE_ORDER.filter((t) => counts[t] || state.types.includes(t));
  $("typebar").innerHTML = shown.length ? shown.map((t) => {
    const cls = state.types.length ? (state.types.includes(t) ? "on" : "off") : "";
    return `<button type="button" class="chip ${cls}" data-type="${t}" title="Show only ${t} (click again to clear)">`
      + `<span class="dot" style="background:${colour(t)}"></span>${t}<span class="n">${fmt(counts[t] || 0)}</span></button>`;
  }).join("") : `<span class="muted">No events match these filters.</span>`;
}

async function loadList(append = false) {
  const p = params();
  p.set("sort", state.sort);
  p.set("limit", "50");
  if (append && nextCursor) p.set("cursor", nextCursor);
  const page = await api("/events", p);
  nextCursor = page.next_cursor;
  const html = page.events.map(listItem).join("");
  if (append) $("event-list").insertAdjacentHTML("beforeend", html);
  else $("event-list").innerHTML = html || `<li class="empty">No events match these filters.</li>`;
  $("more").hidden = !nextCursor;
  const n = $("event-list").querySelectorAll("li[data-id]").length;
  $("list-count").textContent = n ? `${fmt(n)} shown${nextCursor ? "" : " (all)"}` : "";
  markSelected();
}

function best(count) {
  if (!count) return null;
  return count.best ?? count.low;
}

function actorName(a) { return a ? (a.name || a.text) : ""; }

function placeName(e) {
  const loc = e.location || {};
  return [loc.name || loc.text, loc.admin1 && loc.admin1 !== loc.name ? loc.admin1 : null, loc.country]
    .filter(Boolean).join(", ") || "Unknown place";
}

function listItem(e) {
  const killed = best(e.counts && e.counts.killed);
  const actors = [actorName(e.source_actor), actorName(e.target_actor)].filter(Boolean).join(" → ");
  const sentence = e.evidence && e.evidence[0] ? e.evidence[0].sentence : "";
  return `<li data-id="${esc(e.event_id)}" tabindex="0">
    <div class="ev-top"><span class="tag" style="background:${colour(e.plover.type)}">${esc(e.plover.type)}</span>
      <span class="ev-date">${esc(e.date || "undated")}</span>${e.historical ? '<span class="hist">historical</span>' : ""}
      ${killed != null ? `<span class="ev-killed">${fmt(killed)} killed</span>` : ""}</div>
    <div class="ev-where">${esc(placeName(e))}</div>
    ${actors ? `<div class="ev-actors">${esc(actors)}</div>` : ""}
    <div class="ev-snippet">${esc(sentence)}</div></li>`;
}

function markSelected() {
  for (const li of $("event-list").querySelectorAll("li[data-id]")) {
    li.classList.toggle("selected", li.dataset.id === state.event);
  }
}

/* ---------- map ---------- */

function initMap() {
  if (!window.L) {
    $("asset-warning").hidden = false;
    return;
  }
  map = L.map("map", { worldCopyJump: true, minZoom: 1, maxZoom: 12, zoomSnap: 0.5,
                       attributionControl: true });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Outlines: Natural Earth (world-atlas)");
  map.createPane("land").style.zIndex = 200;
  const [lat, lon, zoom] = (state.view || "").split(",").map(Number);
  if (Number.isFinite(lat) && Number.isFinite(lon) && Number.isFinite(zoom)) map.setView([lat, lon], zoom);
  else { state.view = ""; map.setView([18, 20], 2); }
  fetch("/static/vendor/world-atlas/countries-50m.json").then((r) => r.json()).then((topo) => {
    L.geoJSON(topojson.feature(topo, topo.objects.countries), {
      pane: "land", interactive: false,
      style: { color: "#b9b3a8", weight: 0.6, fillColor: "#faf9f6", fillOpacity: 1 },
    }).addTo(map);
  });
  markerLayer = L.layerGroup().addTo(map);
  let timer = null;
  map.on("moveend", () => {
    const c = map.getCenter();
    state.view = `${c.lat.toFixed(2)},${c.lng.toFixed(2)},${map.getZoom()}`;
    writeHash();
    clearTimeout(timer);
    timer = setTimeout(() => loadMap().catch(showError), 150);
  });
  drawSizeLegend();
}

function radius(killed) { return killed ? Math.min(30, 5 + 2.4 * Math.sqrt(killed)) : 4.5; }

function viewBbox() {
  const b = map.getBounds().pad(0.25);
  const west = b.getWest(), east = b.getEast();
  if (east - west >= 360) return null;
  const wrap = (x) => ((((x + 180) % 360) + 360) % 360) - 180;
  const south = Math.max(-90, b.getSouth()), north = Math.min(90, b.getNorth());
  return [wrap(west), south, wrap(east), north].map((v) => v.toFixed(3)).join(",");
}

async function loadMap() {
  if (!map) return;
  const p = params();
  p.set("zoom", String(Math.floor(map.getZoom())));
  const bbox = viewBbox();
  if (bbox) p.set("bbox", bbox);
  const ticket = ++mapRequest;
  const data = await api("/map", p);
  if (ticket !== mapRequest) return; // a newer view's answer is on its way
  markerLayer.clearLayers();
  const marks = data.mode === "points" ? data.points : data.clusters;
  if (!state.view && marks.length) {
    // First visit without a view in the URL: frame the events rather than the whole world.
    state.view = "fitted";
    map.fitBounds(L.latLngBounds(marks.map((m) => [m.lat, m.lon])).pad(0.2), { maxZoom: 6 });
    return;
  }
  if (data.mode === "points") {
    for (const e of data.points) {
      const m = L.circleMarker([e.lat, e.lon], { radius: radius(e.killed), color: "#fff", weight: 1,
        fillColor: colour(e.type), fillOpacity: 0.75 });
      m.bindTooltip(`<b>${esc(e.type)}</b> · ${esc(e.place || "")} ${esc(e.country || "")}<br>${esc(e.date || "")}`
        + `${e.killed != null ? ` · ${fmt(e.killed)} killed` : ""}`, { className: "evtip", direction: "top" });
      m.on("click", () => selectEvent(e.id));
      m.eventId = e.id;
      markerLayer.addLayer(m);
    }
  } else {
    for (const c of data.clusters) {
      if (c.n === 1 && c.id) {
        const m = L.circleMarker([c.lat, c.lon], { radius: radius(c.killed), color: "#fff", weight: 1,
          fillColor: colour(c.type), fillOpacity: 0.82 });
        m.on("click", () => selectEvent(c.id));
        markerLayer.addLayer(m);
        continue;
      }
      // A ring of type shares around the count: what kind of events, not only how many.
      const size = Math.round(Math.min(46, 20 + 7 * Math.log10(c.n)));
      let at = 0;
      const stops = Object.entries(c.types).map(([t, n]) => {
        const from = at;
        at += (100 * n) / c.n;
        return `${colour(t)} ${from.toFixed(1)}% ${at.toFixed(1)}%`;
      }).join(", ");
      const icon = L.divIcon({ className: "", iconSize: [size, size], html:
        `<div class="cluster" style="width:${size}px;height:${size}px;background:conic-gradient(${stops})">`
        + `<span>${short(c.n)}</span></div>` });
      const m = L.marker([c.lat, c.lon], { icon, keyboard: false });
      const top = Object.entries(c.types).slice(0, 4).map(([t, n]) => `${esc(t)} ${fmt(n)}`).join("<br>");
      m.bindTooltip(`<b>${fmt(c.n)} events</b> · ${fmt(c.killed)} killed<br>${top}`,
        { className: "evtip", direction: "top" });
      m.on("click", () => map.setView([c.lat, c.lon], Math.min(12, map.getZoom() + 2)));
      markerLayer.addLayer(m);
    }
  }
  drawSelectedRing();
}

function drawSelectedRing(lat, lon) {
  if (!map) return;
  if (selectedRing) { selectedRing.remove(); selectedRing = null; }
  if (lat == null) return;
  selectedRing = L.circleMarker([lat, lon], { radius: 14, color: "#1f2a37", weight: 2.5, fill: false,
    interactive: false }).addTo(map);
}

function drawSizeLegend() {
  const sizes = [1, 10, 100];
  let x = 4;
  const svg = sizes.map((k) => {
    const r = radius(k);
    x += r;
    const mark = `<circle cx="${x}" cy="${62 - r}" r="${r}" fill="#b2182b" fill-opacity=".15" stroke="#6b7280"/>`
      + `<text x="${x}" y="74" text-anchor="middle" font-size="10" fill="#6b7280">${k}</text>`;
    x += r + 10;
    return mark;
  }).join("");
  $("maplegend").innerHTML = `<div class="row"><svg width="${x}" height="78">${svg}</svg></div>`
    + `<div>killed · colour = event type<br>ringed discs: clusters, ring = type shares</div>`;
}

/* ---------- timeline ---------- */

async function loadTimeline() {
  timelineData = await api("/timeline", params({ brush: false }));
  drawTimeline();
}

const DAY = 86400000;
function parseDay(s) { const [y, m, d] = s.split("-").map(Number); return Date.UTC(y, m - 1, d); }
function dayString(t) { return new Date(t).toISOString().slice(0, 10); }
function bucketEnd(t, interval) {
  const d = new Date(t);
  if (interval === "day") return t + DAY;
  if (interval === "week") return t + 7 * DAY;
  if (interval === "month") return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  return Date.UTC(d.getUTCFullYear() + 1, 0, 1);
}

function drawTimeline() {
  const svg = $("timeline");
  const data = timelineData;
  const w = svg.clientWidth || 600, h = svg.clientHeight || 120;
  svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
  if (!data || !data.buckets.length) {
    svg.innerHTML = `<text x="${w / 2}" y="${h / 2}" text-anchor="middle" fill="#9ca3af">No dated events</text>`;
    $("timeline-info").textContent = "";
    return;
  }
  const left = 34, right = 8, top = 6, bottom = 18;
  const buckets = data.buckets.map((b) => ({ t: parseDay(b.t), counts: b.counts,
    total: Object.values(b.counts).reduce((a, n) => a + n, 0) }));
  const t0 = buckets[0].t, t1 = bucketEnd(buckets[buckets.length - 1].t, data.interval);
  const x = (t) => left + ((t - t0) / (t1 - t0)) * (w - left - right);
  const max = Math.max(...buckets.map((b) => b.total));
  const y = (n) => h - bottom - (n / max) * (h - top - bottom);
  let html = `<g class="axis"><line x1="${left}" x2="${w - right}" y1="${h - bottom}" y2="${h - bottom}"/>`
    + `<text x="${left - 5}" y="${top + 8}" text-anchor="end">${short(max)}</text>`
    + `<text x="${left - 5}" y="${h - bottom}" text-anchor="end">0</text>`;
  // Label whole bars only: every k-th bucket start, k chosen so labels do not collide.
  const starts = [];
  for (let t = t0; t < t1; t = bucketEnd(t, data.interval)) starts.push(t);
  const every = Math.ceil(starts.length / Math.max(1, Math.floor((w - left) / 90)));
  starts.forEach((t, i) => {
    if (i % every) return;
    const label = data.interval === "year" ? dayString(t).slice(0, 4)
      : data.interval === "month" ? dayString(t).slice(0, 7) : dayString(t);
    const cx = Math.min(w - right - 30, Math.max(left + 30, (x(t) + x(bucketEnd(t, data.interval))) / 2));
    html += `<line x1="${x(t)}" x2="${x(t)}" y1="${h - bottom}" y2="${h - bottom + 3}"/>`
      + `<text x="${cx}" y="${h - 4}" text-anchor="middle">${label}</text>`;
  });
  html += "</g><g>";
  for (const b of buckets) {
    const slot = x(bucketEnd(b.t, data.interval)) - x(b.t);
    const bw = Math.max(1, Math.min(slot - (slot > 6 ? 2 : 0.5), 48)), bx = x(b.t) + (slot - bw) / 2;
    let acc = 0;
    for (const type of TYPE_ORDER) {
      const n = b.counts[type];
      if (!n) continue;
      const y1 = y(acc + n), y0 = y(acc);
      html += `<rect x="${bx}" y="${y1}" width="${bw}" height="${Math.max(0.5, y0 - y1)}" fill="${colour(type)}">`
        + `<title>${dayString(b.t)} · ${type}: ${n}</title></rect>`;
      acc += n;
    }
  }
  html += "</g>";
  if (state.from || state.to) {
    const a = x(state.from ? parseDay(state.from) : t0), z = x(state.to ? parseDay(state.to) + DAY : t1);
    html += `<rect class="dim" x="${left}" y="${top}" width="${Math.max(0, a - left)}" height="${h - top - bottom}"/>`
      + `<rect class="dim" x="${z}" y="${top}" width="${Math.max(0, w - right - z)}" height="${h - top - bottom}"/>`
      + `<rect class="brush" x="${a}" y="${top}" width="${Math.max(1, z - a)}" height="${h - top - bottom}"/>`;
  }
  html += `<rect id="brush-live" class="brush" x="0" y="${top}" width="0" height="${h - top - bottom}" visibility="hidden"/>`;
  svg.innerHTML = html;
  svg.dataset.geom = JSON.stringify({ left, right, w, t0, t1, interval: data.interval });
  const total = buckets.reduce((a, b) => a + b.total, 0);
  $("timeline-info").textContent = `${fmt(total)} dated events · ${data.start} to ${data.end} · per ${data.interval}`
    + (state.from || state.to ? ` · selected ${state.from || data.start} to ${state.to || data.end}` : " · drag to select");
  $("clear-brush").hidden = !(state.from || state.to);
}

function initBrush() {
  const svg = $("timeline");
  let start = null;
  const toTime = (px) => {
    const g = JSON.parse(svg.dataset.geom || "null");
    if (!g) return null;
    const rect = svg.getBoundingClientRect();
    const sx = ((px - rect.left) / rect.width) * g.w;
    const f = Math.min(1, Math.max(0, (sx - g.left) / (g.w - g.left - g.right)));
    return { t: g.t0 + f * (g.t1 - g.t0), sx: Math.min(g.w - g.right, Math.max(g.left, sx)), g };
  };
  svg.addEventListener("pointerdown", (ev) => {
    start = toTime(ev.clientX);
    if (start) svg.setPointerCapture(ev.pointerId);
  });
  svg.addEventListener("pointermove", (ev) => {
    if (!start) return;
    const cur = toTime(ev.clientX);
    const live = $("brush-live");
    live.setAttribute("visibility", "visible");
    live.setAttribute("x", Math.min(start.sx, cur.sx));
    live.setAttribute("width", Math.abs(cur.sx - start.sx));
  });
  svg.addEventListener("pointerup", (ev) => {
    if (!start) return;
    const end = toTime(ev.clientX);
    const a = Math.min(start.t, end.t), z = Math.max(start.t, end.t);
    const g = start.g;
    start = null;
    // A click selects the one bar under the pointer; a drag selects whole bars it touches.
    const snap = (t) => {
      let b = g.t0;
      while (bucketEnd(b, g.interval) <= t && b < g.t1) b = bucketEnd(b, g.interval);
      return b;
    };
    const from = snap(a), to = bucketEnd(snap(z), g.interval) - DAY;
    state.from = dayString(from);
    state.to = dayString(Math.min(to, g.t1 - DAY));
    refreshSelection();
  });
  $("clear-brush").addEventListener("click", () => { state.from = ""; state.to = ""; refreshSelection(); });
}

/* ---------- detail ---------- */

function highlighted(sentence, spans) {
  let out = "", at = 0;
  for (const s of spans || []) {
    if (s.start < at) continue;
    out += esc(sentence.slice(at, s.start)) + `<mark class="hl-${esc(s.kind)}" title="${esc(s.kind)}">`
      + `${esc(sentence.slice(s.start, s.end))}</mark>`;
    at = s.end;
  }
  return out + esc(sentence.slice(at));
}

function actorLine(a) {
  if (!a) return '<span class="muted">not stated</span>';
  const bits = [a.role, a.country, ...(a.identity || [])].filter(Boolean).join(" · ");
  return `${esc(a.name || a.text)}${a.name && a.text && a.name.toLowerCase() !== a.text.toLowerCase() ? ` <span class="muted">“${esc(a.text)}”</span>` : ""}`
    + (bits ? ` <span class="muted">(${esc(bits)})</span>` : "");
}

function countRange(c) {
  if (c.best != null && (c.low == null || c.low === c.best) && c.high == null) return fmt(c.best);
  if (c.low != null && c.high != null) return `${fmt(c.low)}–${fmt(c.high)}`;
  if (c.low != null) return `${fmt(c.best ?? c.low)}${c.best == null ? "+" : ""}`;
  return fmt(c.best ?? c.high);
}

async function selectEvent(id, { pan = true } = {}) {
  state.event = id;
  writeHash();
  markSelected();
  const panel = $("detail");
  panel.hidden = false;
  document.querySelector(".side").classList.add("with-detail");
  panel.innerHTML = `<p class="muted">Loading…</p>`;
  let body;
  try {
    body = await api(`/events/${encodeURIComponent(id)}`);
  } catch (err) {
    panel.innerHTML = `<p>⚠ ${esc(err.message)}</p>`;
    return;
  }
  const e = body.event, loc = e.location || {};
  const counts = Object.keys(COUNT_LABELS).filter((k) => e.counts && e.counts[k]);
  const acled = e.acled ? `${esc(e.acled.event_type)} / ${esc(e.acled.sub_event_type)}` : "not an ACLED event type";
  const reasons = Object.entries(e.reasons || {});
  const geoBits = [loc.admin1, loc.country, loc.lat != null ? `${loc.lat.toFixed(3)}, ${loc.lon.toFixed(3)}` : null,
    loc.precision ? `precision: ${loc.precision}` : null, loc.geonameid ? `GeoNames ${loc.geonameid}` : null]
    .filter(Boolean).map(esc).join(" · ");
  panel.innerHTML = `
    <div class="detail-head">
      <h2><span class="tag" style="background:${colour(e.plover.type)}">${esc(e.plover.type)}</span>
        ${esc(placeName(e))}</h2>
      <button type="button" class="ghost" id="close-detail" title="Close">✕</button>
    </div>
    <div class="sub">${esc(e.date || "undated")}${e.date_precision && e.date_precision !== "day" ? ` (${esc(e.date_precision)})` : ""}
      · ${acled}${e.cameo ? ` · CAMEO ${esc(e.cameo)}` : ""}${e.historical ? ' · <span class="hist">historical</span>' : ""}</div>
    ${counts.length ? `<div class="counts">${counts.map((k) => `<div class="count ${k}"><b>${countRange(e.counts[k])}</b>`
      + `<span>${COUNT_LABELS[k]}</span></div>`).join("")}</div>` : ""}
    <h3>Evidence</h3>
    <div class="hl-key"><mark class="hl-trigger">trigger</mark><mark class="hl-killed">counts</mark><mark class="hl-source">actors</mark>
      <mark class="hl-place">place</mark><mark class="hl-attribution">attribution</mark></div>
    ${(e.evidence || []).map((ev, i) => `<blockquote class="evidence">${highlighted(ev.sentence, body.highlights[i])}`
      + `<span class="src">article ${esc(ev.article_id)} · characters ${ev.start}–${ev.end}</span></blockquote>`).join("")
      || '<p class="muted">No evidence sentence stored.</p>'}
    <h3>Event</h3>
    <dl class="facts">
      <dt>Who</dt><dd>${actorLine(e.source_actor)}</dd>
      <dt>To whom</dt><dd>${actorLine(e.target_actor)}</dd>
      <dt>Where</dt><dd>${esc(loc.name || loc.text || "unknown")}${geoBits ? `<br><span class="muted">${geoBits}</span>` : ""}</dd>
      <dt>When</dt><dd>${esc(e.date || "undated")} <span class="muted">${esc(e.date_basis || "")}</span></dd>
      <dt>Status</dt><dd>${esc(e.status)}${e.attribution ? ` <span class="muted">— ${esc(e.attribution.speaker || "")}: “${esc(e.attribution.text)}”</span>` : ""}</dd>
      <dt>PLOVER</dt><dd>${esc(e.plover.type)}${e.plover.mode ? ` / ${esc(e.plover.mode)}` : ""}${(e.plover.context || []).length ? ` <span class="muted">(${esc(e.plover.context.join(", "))})</span>` : ""}</dd>
      <dt>Confidence</dt><dd><span class="conf"><i style="width:${Math.round((e.confidence || 0) * 100)}%"></i></span>${(e.confidence || 0).toFixed(2)}</dd>
      <dt>Reports</dt><dd>${fmt(e.mentions)} mention${e.mentions === 1 ? "" : "s"} in ${fmt(body.articles.length)} article${body.articles.length === 1 ? "" : "s"}</dd>
    </dl>
    <h3>Sources</h3>
    <ul class="sources">${body.articles.map((a) => `<li>${a.url ? `<a href="${esc(a.url)}" target="_blank" rel="noopener noreferrer">${esc(a.title || a.url)}</a>`
      : esc(a.title || a.id)}<br><span class="muted">${esc(a.source || "")} ${esc(a.published || "")} · <a href="/articles/${encodeURIComponent(a.id)}" target="_blank">stored text</a></span></li>`).join("")
      || '<li class="muted">No stored article.</li>'}</ul>
    ${reasons.length ? `<h3>Why these values</h3><dl class="facts reasons">${reasons.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join("")}</dl>` : ""}
    ${body.changes.length ? `<h3>History</h3><ul class="sources">${body.changes.map((c) => `<li>${esc(c.kind)}${c.reason ? ` — ${esc(c.reason)}` : ""} <span class="muted">${esc((c.at || "").slice(0, 16))}</span></li>`).join("")}</ul>` : ""}
    <p class="muted"><a href="/events/${encodeURIComponent(e.event_id)}" target="_blank">JSON record</a> · id ${esc(e.event_id)}</p>`;
  $("close-detail").addEventListener("click", closeDetail);
  if (loc.lat != null && map) {
    drawSelectedRing(loc.lat, loc.lon);
    if (pan && !map.getBounds().contains([loc.lat, loc.lon])) map.panTo([loc.lat, loc.lon]);
  }
}

function closeDetail() {
  state.event = "";
  writeHash();
  $("detail").hidden = true;
  document.querySelector(".side").classList.remove("with-detail");
  drawSelectedRing();
  markSelected();
}

/* ---------- exports ---------- */

const EXPORTS = [
  ["/export/acled.csv", "ACLED-style CSV", "one row per event, ACLED columns"],
  ["/export/events.geojson", "GeoJSON", "points with the event record as properties"],
  ["/export/events.jsonl", "JSON Lines", "the full event records"],
  ["/export/plover.json", "PLOVER JSON", "PLOVER event format"],
  ["/export/cameo.tsv", "CAMEO TSV", "source, target, CAMEO code"],
];
function updateExports() {
  const p = params().toString();
  $("export-list").innerHTML = EXPORTS.map(([path, name, note]) =>
    `<a href="${path}?${esc(p)}" download>${name}<small>${note} · current filters</small></a>`).join("");
}

/* ---------- wiring ---------- */

function init() {
  readHash();
  fillForm();
  initMap();
  initBrush();
  $("filters").addEventListener("submit", (ev) => {
    ev.preventDefault();
    readForm();
    state.from = ""; state.to = "";
    refreshAll();
  });
  $("filters").elements.historical.addEventListener("change", () => { readForm(); refreshAll(); });
  $("reset").addEventListener("click", () => {
    Object.assign(state, { since: "", until: "", country: "", q: "", actor: "", min_killed: "", historical: false,
                           types: [], from: "", to: "" });
    fillForm();
    refreshAll();
  });
  $("typebar").addEventListener("click", (ev) => {
    const chip = ev.target.closest(".chip");
    if (!chip) return;
    const t = chip.dataset.type;
    state.types = state.types.includes(t) ? state.types.filter((x) => x !== t) : [...state.types, t];
    refreshAll();
  });
  $("sort").addEventListener("change", () => { state.sort = $("sort").value; writeHash(); loadList().catch(showError); });
  $("more").addEventListener("click", () => loadList(true).catch(showError));
  $("event-list").addEventListener("click", (ev) => {
    const li = ev.target.closest("li[data-id]");
    if (li) selectEvent(li.dataset.id);
  });
  $("event-list").addEventListener("keydown", (ev) => {
    const li = ev.target.closest("li[data-id]");
    if (li && (ev.key === "Enter" || ev.key === " ")) { ev.preventDefault(); selectEvent(li.dataset.id); }
  });
  window.addEventListener("resize", drawTimeline);
  refreshAll().then(() => { if (state.event) selectEvent(state.event, { pan: false }); });
}

document.addEventListener("DOMContentLoaded", init);
