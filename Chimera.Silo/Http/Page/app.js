// The live registry page: plain JavaScript over the silo's /api (no framework, no build step).
// Counts, influencers, dead letters and silos refresh every few seconds; recent changes arrive live over
// server-sent events (EventSource reconnects by itself and resumes after the last revision it saw).
"use strict";

const $ = (id) => document.getElementById(id);
const REFRESH_MS = 3000;
const MAX_CHANGES = 60;

function text(tag, value, className) {
  const el = document.createElement(tag);
  el.textContent = value;
  if (className) el.className = className;
  return el;
}

function num(value) { return Number(value).toFixed(2); }

function time(value) { return value ? new Date(value).toISOString().replace(".000Z", "Z") : "–"; }

async function getJson(url, options) {
  const response = await fetch(url, options);
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

async function refreshCounts() {
  const counts = await getJson("/api/counts");
  for (const card of document.querySelectorAll("#counts .card[data-status]")) {
    card.querySelector(".value").textContent = counts.by_status[card.dataset.status] ?? 0;
  }
  $("total").textContent = counts.total;
}

async function refreshInfluencers() {
  const form = new FormData($("filters"));
  const query = new URLSearchParams({ limit: "200" });
  for (const name of ["status", "capability", "stale"]) {
    const value = (form.get(name) || "").trim();
    if (value) query.set(name, value);
  }
  try {
    const rows = await getJson("/api/influencers?" + query);
    $("filter-error").textContent = "";
    const body = $("influencer-rows");
    body.replaceChildren(...rows.map((row) => {
      const tr = document.createElement("tr");
      tr.dataset.influencer = row.influencer_id;
      tr.dataset.status = row.status;
      tr.dataset.stale = String(row.is_stale);
      const status = row.is_stale ? `${row.status} (stale; last reported ${row.reported_status ?? "?"})` : row.status;
      tr.append(text("td", row.influencer_id), text("td", status, row.is_stale ? "stale" : ""),
        text("td", num(row.load), "num"), text("td", num(row.confidence), "num"), text("td", num(row.relevance_score), "num"),
        text("td", row.capabilities.join(", ")), text("td", time(row.expires_at)));
      return tr;
    }));
  } catch (error) {
    $("filter-error").textContent = error.message;
  }
}

async function refreshDeadLetters() {
  const summary = await getJson("/api/deadletters");
  $("deadletter-total").textContent = `(${summary.retained} retained; by reason over the newest ${summary.window})`;
  const reasons = Object.entries(summary.by_reason).sort((a, b) => b[1] - a[1]);
  $("deadletter-reasons").replaceChildren(...reasons.map(([reason, count]) => {
    const tr = document.createElement("tr");
    tr.dataset.reason = reason;
    tr.append(text("td", reason), text("td", String(count), "num"));
    return tr;
  }));
  $("deadletter-newest").replaceChildren(...summary.newest.slice(0, 5).map((line) =>
    text("li", `${time(line.rejected_at)} ${line.reason} ${line.origin} ${line.message}`)));
}

async function refreshSilos() {
  const silos = await getJson("/api/silos");
  $("silo-rows").replaceChildren(...silos.map((silo) => {
    const tr = document.createElement("tr");
    tr.dataset.status = silo.status;
    tr.append(text("td", silo.name), text("td", silo.address), text("td", silo.status), text("td", time(silo.started)));
    return tr;
  }));
}

async function refreshAll() {
  await Promise.allSettled([refreshCounts(), refreshInfluencers(), refreshDeadLetters(), refreshSilos()]);
}

function showChange(change) {
  const list = $("change-list");
  if (list.querySelector(`li[data-revision="${change.revision}"]`)) return; // never shown twice
  const li = document.createElement("li");
  li.dataset.revision = change.revision;
  li.dataset.influencer = change.influencer_id;
  li.dataset.kind = change.kind;
  const transition = change.previous_status ? `${change.previous_status} → ${change.new_status}` : change.new_status;
  li.append(text("span", `#${change.revision}`, "rev"), text("span", time(change.recorded_at)),
    text("span", change.kind, "kind"), text("span", `${change.influencer_id} ${transition}`),
    text("span", change.detail ? ` (${change.detail})` : ""));
  list.prepend(li);
  while (list.children.length > MAX_CHANGES) list.lastElementChild.remove();
  $("revision").textContent = change.revision;
}

function followChanges() {
  const source = new EventSource("/api/changes/stream?from=recent");
  source.addEventListener("open", () => { $("stream-state").textContent = "open"; $("stream-state").dataset.state = "open"; });
  source.addEventListener("error", () => { $("stream-state").textContent = "reconnecting"; $("stream-state").dataset.state = "reconnecting"; });
  source.addEventListener("position", (event) => { $("revision").textContent = event.data; });
  source.addEventListener("gap", (event) => { $("stream-state").textContent = `missed revisions ${event.data} (no longer held)`; $("stream-state").dataset.state = "gap"; });
  source.addEventListener("change", (event) => {
    showChange(JSON.parse(event.data));
    refreshCounts().catch(() => {});
  });
}

async function route(event) {
  event.preventDefault();
  const form = new FormData($("route-form"));
  const request = {
    capabilities: String(form.get("capabilities")).split(",").map((c) => c.trim()).filter((c) => c.length > 0),
    cost: form.get("cost"),
    count: Number(form.get("count")),
  };
  try {
    const result = await getJson("/api/route", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(request) });
    $("route-error").textContent = "";
    $("route-result").hidden = false;
    $("route-summary").textContent = `${result.matched} matched; ${result.candidates.length} candidate(s), best first`;
    $("route-candidates").replaceChildren(...result.candidates.map((c) => {
      const li = text("li", `${c.influencer_id} (${c.status}, score ${num(c.score)}, load ${num(c.load)}, conf ${num(c.confidence)})`);
      li.dataset.influencer = c.influencer_id;
      return li;
    }));
    $("route-probes").replaceChildren(...(result.probes_scheduled.length ? result.probes_scheduled.map((p) => {
      const li = text("li", `${p.probe_id} for ${p.influencer_id}: ${p.reason}`);
      li.dataset.influencer = p.influencer_id;
      return li;
    }) : [text("li", "none")]));
    $("route-passed").replaceChildren(...(result.passed_over.length ? result.passed_over.map((p) => text("li", `${p.influencer_id}: ${p.reason}`)) : [text("li", "none")]));
  } catch (error) {
    $("route-error").textContent = error.message;
  }
}

document.addEventListener("DOMContentLoaded", () => {
  $("filters").addEventListener("input", () => refreshInfluencers());
  $("filters").addEventListener("submit", (event) => { event.preventDefault(); refreshInfluencers(); });
  $("route-form").addEventListener("submit", route);
  followChanges();
  refreshAll();
  setInterval(refreshAll, REFRESH_MS);
});
