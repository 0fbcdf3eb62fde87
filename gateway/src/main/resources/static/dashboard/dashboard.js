// Infer-EDGE dashboard: polls the gateway's /dashboard/api once a second (streams and the selected
// stream's series), the trade-off every 2 s, policies every 10 s and health every 5 s. Draws with
// uPlot (served from the gateway's WebJar) and a plain canvas for the trade-off scatter. Every
// chart container carries its point count in data-points (the browser test reads it).
"use strict";

const WINDOW_SECONDS = 120;
const MODELS = ["nano", "small", "medium", "large"];
const state = { session: null, selected: null, streams: [], charts: {}, busy: {}, failing: {} };

async function call(path, options) {
  const response = await fetch(path, Object.assign({ credentials: "same-origin" }, options || {}));
  if (response.status === 401) {
    window.location.assign("/dashboard/login.html");
    throw new Error("session ended");
  }
  return response;
}

async function getJson(path) {
  const response = await call(path);
  if (!response.ok) {
    throw new Error(path + ": " + response.status);
  }
  return response.json();
}

function post(path) {
  const headers = {};
  if (state.session && state.session.csrfHeader) {
    headers[state.session.csrfHeader] = state.session.csrfToken;
  }
  return call(path, { method: "POST", headers: headers });
}

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) {
    node.textContent = String(text);
  }
  if (className) {
    node.className = className;
  }
  return node;
}

function fixed(value, digits) {
  return value === null || value === undefined ? "-" : Number(value).toFixed(digits);
}

function percent(value) {
  return value === null || value === undefined ? "-" : Math.round(value * 100) + " %";
}

/** Says in the header, in red, when updates fail (the gateway is away, or the session ended). */
function showFailures() {
  const failing = Object.keys(state.failing);
  const element = document.getElementById("updated");
  element.classList.toggle("bad", failing.length > 0);
  if (failing.length > 0 && !element.textContent.startsWith("not updating")) {
    element.textContent = "not updating since " + new Date().toLocaleTimeString() +
      " (" + failing.join(", ") + " failed); the figures below are older";
  }
}

/** Runs task at most once at a time per name, so slow answers never pile up. */
async function once(name, task) {
  if (state.busy[name]) {
    return;
  }
  state.busy[name] = true;
  try {
    await task();
    delete state.failing[name];
  } catch (e) {
    console.warn(name, e);
    state.failing[name] = true;
  } finally {
    showFailures();
    state.busy[name] = false;
  }
}

// ---- streams table ----

function requirementsText(row) {
  const name = row.profile || (row.registered ? "custom" : "unregistered");
  return name + ", SLO " + row.requirements.latencySloMillis + " ms";
}

function requirementsTitle(row) {
  const r = row.requirements;
  return "accuracy floor " + r.accuracyFloor + "; weights latency " + r.latencyWeight +
    ", accuracy " + r.accuracyWeight + ", energy " + r.energyWeight +
    (row.registered ? "" : " (not registered: served balanced)");
}

function renderStreams(body) {
  state.streams = body.streams;
  const tbody = document.querySelector("#streams tbody");
  tbody.replaceChildren();
  for (const row of body.streams) {
    const tr = document.createElement("tr");
    tr.dataset.streamId = row.streamId;
    tr.dataset.plan = row.plan || "";
    tr.dataset.frames = row.frames;
    if (row.streamId === state.selected) {
      tr.className = "selected";
    }
    const requirements = el("td", requirementsText(row), "wide-only");
    requirements.title = requirementsTitle(row);
    tr.append(
      el("td", row.streamId),
      requirements,
      el("td", row.plan || "-", "plan"),
      el("td", row.policySource ? row.policySource + " " + row.policyVersion : "-", "wide-only"),
      el("td", fixed(row.bandwidthMbps, 1), "wide-only"),
      el("td", row.frames, "frames"),
      el("td", percent(row.reusedShare)),
      el("td", fixed(row.lastLatencyMs, 1)),
      el("td", percent(row.accuracy)),
      el("td", fixed(row.energyMillijoulesMean, 2), "wide-only"));
    const outcomes = el("td", null, "wide-only");
    for (const o of row.lastOutcomes) {
      const mark = o.correct === null ? "?" : o.correct ? "\u2713" : "\u2717";
      const span = el("span", mark + " ", o.correct === null ? "unknown" : o.correct ? "ok" : "bad");
      span.title = "frame " + o.frameSeq + ", " + o.configId + ", " + o.latencyMs.toFixed(1) +
        " ms, " + o.energyMillijoules.toFixed(2) + " mJ";
      outcomes.append(span);
    }
    tr.append(outcomes);
    tr.addEventListener("click", () => select(row.streamId));
    tbody.append(tr);
  }
  document.getElementById("no-streams").hidden = body.streams.length > 0;
  const select = document.getElementById("stream-select");
  const ids = body.streams.map((s) => s.streamId);
  if (select.options.length !== ids.length || ids.some((id, i) => select.options[i].value !== id)) {
    select.replaceChildren(...ids.map((id) => new Option(id, id)));
  }
  if ((state.selected === null || !ids.includes(state.selected)) && ids.length > 0) {
    const active = body.streams.find((s) => s.frames > 0);
    state.selected = (active || body.streams[0]).streamId;
  }
  if (state.selected !== null) {
    select.value = state.selected;
  }
  if (Object.keys(state.failing).length === 0) {
    document.getElementById("updated").textContent =
      "updated " + new Date(body.atMillis).toLocaleTimeString();
  }
}

function select(streamId) {
  state.selected = streamId;
  document.querySelectorAll("#streams tbody tr").forEach((tr) =>
    tr.classList.toggle("selected", tr.dataset.streamId === streamId));
  once("series", refreshSeries);
  once("tradeoff", refreshTradeOff);
}

// ---- time series (uPlot) ----

function chartWidth(id) {
  return Math.max(260, document.getElementById(id).clientWidth);
}

function makeChart(id, series, extra) {
  const now = Date.now() / 1000;
  const options = Object.assign({
    width: chartWidth(id),
    height: 160,
    cursor: { sync: { key: "stream" } },
    legend: { live: false },
    scales: { x: { time: true, range: () => [Date.now() / 1000 - WINDOW_SECONDS, Date.now() / 1000] } },
    series: [{}].concat(series),
  }, extra || {});
  const empty = [[now]].concat(series.map(() => [null]));
  state.charts[id] = new uPlot(options, empty, document.getElementById(id));
}

function stepped() {
  return uPlot.paths.stepped({ align: 1 });
}

function createCharts() {
  makeChart("chart-latency", [
    { label: "latency ms", stroke: "#1a73e8", points: { show: true, size: 3 } },
    { label: "SLO ms", stroke: "#c5221f", dash: [6, 4], points: { show: false } },
  ]);
  makeChart("chart-accuracy", [{ label: "accuracy", stroke: "#1e8e3e" }],
    { scales: { x: { time: true, range: () => [Date.now() / 1000 - WINDOW_SECONDS, Date.now() / 1000] }, y: { range: [0, 1] } } });
  makeChart("chart-energy", [{ label: "mJ/frame", stroke: "#e8710a", points: { show: true, size: 3 } }]);
  makeChart("chart-bandwidth", [{ label: "Mbit/s", stroke: "#9334e6", paths: stepped() }]);
  makeChart("chart-decisions", [
    { label: "model", stroke: "#1a73e8", paths: stepped() },
    { label: "cut", stroke: "#e8710a", paths: stepped() },
    { label: "skip", stroke: "#1e8e3e", paths: stepped() },
    { label: "resolution px", stroke: "#9334e6", paths: stepped(), scale: "px" },
  ], {
    scales: { x: { time: true, range: () => [Date.now() / 1000 - WINDOW_SECONDS, Date.now() / 1000] }, y: { range: [0, 6] }, px: { range: [16, 72] } },
    axes: [{}, { scale: "y" }, { scale: "px", side: 1, grid: { show: false } }],
  });
  window.addEventListener("resize", () => {
    for (const [id, chart] of Object.entries(state.charts)) {
      chart.setSize({ width: chartWidth(id), height: 160 });
    }
    once("tradeoff", refreshTradeOff);
  });
}

/** Columns sorted by their first (time) column. */
function sortedBy(columns, names) {
  const order = columns.t.map((t, i) => i).sort((a, b) => columns.t[a] - columns.t[b]);
  return names.map((name) => order.map((i) => columns[name][i]));
}

/**
 * Sets a chart's columns, framed by the window's edges (so that constant lines such as the SLO
 * span the whole window and an empty chart still has an axis); data-points counts the real points.
 */
function setChart(id, data, edgeValues) {
  const chart = state.charts[id];
  const now = Date.now() / 1000;
  const edges = edgeValues || data.slice(1).map(() => null);
  const framed = [[now - WINDOW_SECONDS].concat(data[0], [now])].concat(
    data.slice(1).map((column, i) => [edges[i]].concat(column, [edges[i]])));
  chart.setData(framed);
  chart.root.parentElement.dataset.points = data[0].length;
}

function rollingAccuracy(correct, size) {
  const out = [];
  const recent = [];
  for (const c of correct) {
    if (c !== null) {
      recent.push(c);
      if (recent.length > size) {
        recent.shift();
      }
    }
    out.push(recent.length ? recent.reduce((a, b) => a + b, 0) / recent.length : null);
  }
  return out;
}

async function refreshSeries() {
  if (state.selected === null) {
    return;
  }
  const s = await getJson("/dashboard/api/streams/" + encodeURIComponent(state.selected) +
    "/series?seconds=" + WINDOW_SECONDS);
  const [ft, latency] = sortedBy(s.frames, ["t", "latencyMs"]);
  setChart("chart-latency", [ft, latency, ft.map(() => s.sloMillis)], [null, s.sloMillis]);
  const [ot, correct, energy] = sortedBy(s.outcomes, ["t", "correct", "energyMillijoules"]);
  setChart("chart-accuracy", [ot, rollingAccuracy(correct, 20)]);
  setChart("chart-energy", [ot, energy]);
  const d = s.decisions;
  setChart("chart-bandwidth", [d.t, d.bandwidthMbps]);
  setChart("chart-decisions", [d.t, d.model.map((m) => MODELS.indexOf(m)), d.cut, d.skip, d.resolution]);
}

// ---- trade-off (canvas scatter) ----

async function refreshTradeOff() {
  const query = state.selected === null ? "" : "?streamId=" + encodeURIComponent(state.selected);
  const body = await getJson("/dashboard/api/tradeoff" + query);
  document.getElementById("tradeoff-link").textContent =
    (body.streamId || "link profile") + ": " + body.bandwidthMbps.toFixed(1) + " Mbit/s, RTT " +
    body.rttMs.toFixed(1) + " ms, " + body.decisions + " decisions";
  drawTradeOff(body.points);
}

function drawTradeOff(points) {
  const canvas = document.getElementById("tradeoff");
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  canvas.width = width * ratio;
  canvas.height = height * ratio;
  const g = canvas.getContext("2d");
  g.scale(ratio, ratio);
  g.clearRect(0, 0, width, height);
  const pad = { left: 44, right: 12, top: 10, bottom: 34 };
  const maxLatency = Math.max(1, ...points.map((p) => p.latencyMs)) * 1.05;
  const minAccuracy = Math.min(...points.map((p) => p.accuracy), 1) - 0.02;
  const maxAccuracy = Math.max(...points.map((p) => p.accuracy), 0) + 0.02;
  const maxEnergy = Math.max(1e-9, ...points.map((p) => p.energyMillijoules));
  const x = (v) => pad.left + (v / maxLatency) * (width - pad.left - pad.right);
  const y = (v) => height - pad.bottom - ((v - minAccuracy) / (maxAccuracy - minAccuracy)) * (height - pad.top - pad.bottom);
  g.strokeStyle = "#999";
  g.fillStyle = "#555";
  g.font = "11px system-ui, sans-serif";
  g.beginPath();
  g.moveTo(pad.left, pad.top);
  g.lineTo(pad.left, height - pad.bottom);
  g.lineTo(width - pad.right, height - pad.bottom);
  g.stroke();
  for (let i = 0; i <= 4; i++) {
    const lv = (maxLatency * i) / 4;
    g.fillText(lv.toFixed(0), x(lv) - 8, height - pad.bottom + 14);
    const av = minAccuracy + ((maxAccuracy - minAccuracy) * i) / 4;
    g.fillText(av.toFixed(2), 4, y(av) + 4);
  }
  g.fillText("expected latency (ms)", width / 2 - 50, height - 4);
  const chosen = points.filter((p) => p.chosen > 0);
  const ordered = points.filter((p) => p.chosen === 0).concat(chosen);
  for (const p of ordered) {
    const r = 2 + 10 * Math.sqrt(p.energyMillijoules / maxEnergy);
    g.beginPath();
    g.arc(x(p.latencyMs), y(p.accuracy), r, 0, 2 * Math.PI);
    if (p.chosen > 0) {
      g.fillStyle = "rgba(232, 113, 10, 0.85)";
      g.fill();
      g.strokeStyle = "#000";
      g.stroke();
      g.fillStyle = "#000";
      g.fillText(p.configId + " x" + p.chosen, x(p.latencyMs) + r + 2, y(p.accuracy) - 2);
    } else {
      g.fillStyle = p.split ? "rgba(26, 115, 232, 0.25)" : "rgba(100, 100, 100, 0.25)";
      g.fill();
    }
  }
  canvas.dataset.points = points.length;
  canvas.dataset.chosen = chosen.length;
  document.getElementById("tradeoff-chosen").textContent = chosen.length
    ? "chosen: " + chosen.map((p) => p.configId + " (" + p.latencyMs.toFixed(1) + " ms, " +
      percent(p.accuracy) + ", " + p.energyMillijoules.toFixed(1) + " mJ) x" + p.chosen).join("; ")
    : "no decision for this stream yet; blue: split plans, grey: device-only";
}

// ---- policy versions ----

async function refreshPolicies() {
  const body = await getJson("/dashboard/api/policies");
  const versions = body.versions || [];
  const profiles = [];
  for (const v of versions) {
    const p = (v.evaluation && v.evaluation.profiles) || {};
    Object.keys(p).forEach((name) => profiles.includes(name) || profiles.push(name));
  }
  const head = el("tr");
  ["version", "algorithm", "created", "active", "gate"].concat(
    profiles.map((p) => p + " score (reward)")).forEach((h) => head.append(el("th", h)));
  document.querySelector("#policies thead").replaceChildren(head);
  const tbody = document.querySelector("#policies tbody");
  tbody.replaceChildren();
  for (const v of versions) {
    const tr = el("tr");
    tr.dataset.version = v.version;
    const evaluation = v.evaluation || {};
    tr.append(
      el("td", v.version),
      el("td", v.algorithm),
      el("td", new Date(v.createdAt).toLocaleString()),
      el("td", v.active ? "active" : "", v.active ? "ok" : ""),
      el("td", v.evaluationPassed ? "passed" : "failed", v.evaluationPassed ? "ok" : "bad"));
    for (const name of profiles) {
      const m = (evaluation.profiles || {})[name];
      const cell = el("td", m ? fixed(m.normalisedScore, 3) + " (" + fixed(m.reward, 3) + ")" : "-");
      if (m) {
        cell.title = "normalised against the baselines (1 = the best baseline); latency " +
          fixed(m.latencyMeanMs, 1) + " ms, accuracy " + percent(m.accuracy) + ", " +
          fixed(m.energyPerFrameMj, 1) + " mJ/frame";
      }
      tr.append(cell);
    }
    tbody.append(tr);
  }
  const history = document.querySelector("#activations tbody");
  history.replaceChildren();
  for (const a of body.activations || []) {
    const tr = el("tr");
    tr.append(el("td", new Date(a.activatedAt).toLocaleString()), el("td", a.version),
      el("td", a.previousVersion === null ? "-" : a.previousVersion), el("td", a.reason),
      el("td", a.note || ""));
    history.append(tr);
  }
}

async function rollback() {
  if (!window.confirm("Roll back to the previous policy version? Every stream's decisions change.")) {
    return;
  }
  const response = await post("/dashboard/api/policies/rollback");
  const note = document.getElementById("rollback-note");
  if (response.ok) {
    const version = await response.json();
    note.textContent = "rolled back: version " + version.version + " is active";
  } else {
    let detail = String(response.status);
    try {
      detail = (await response.json()).detail || detail;
    } catch (e) {
      // not a problem body
    }
    note.textContent = "rollback refused: " + detail;
  }
  once("policies", refreshPolicies);
}

// ---- tier health ----

function item(text, className) {
  return el("li", text, className);
}

async function refreshHealth() {
  const h = await getJson("/dashboard/api/health");
  document.getElementById("health-services").replaceChildren(...h.services.map((s) => {
    const parts = Object.entries(s.components).map(([k, v]) => k + " " + v).join(", ");
    return item(s.name + ": " + s.status + (parts ? " (" + parts + ")" : ""), s.status === "UP" ? "ok" : "bad");
  }));
  document.getElementById("health-breakers").replaceChildren(...h.breakers.map((b) =>
    item(b.name + ": " + b.state + (b.failureRatePercent >= 0 ? ", failures " + b.failureRatePercent.toFixed(0) + " %" : ""),
      b.state === "CLOSED" ? "ok" : "bad")));
  const kafka = h.kafkaError
    ? [item("Kafka unreachable: " + h.kafkaError, "bad")]
    : h.consumerGroups.map((g) => item(g.groupId + ": lag " + g.lag + " (" + g.partitions + " partitions)",
      g.lag > 1000 ? "bad" : "ok"));
  document.getElementById("health-kafka").replaceChildren(...kafka);
}

// ---- start ----

async function start() {
  state.session = await getJson("/dashboard/api/session");
  document.getElementById("who").textContent =
    "logged in as " + state.session.principal + (state.session.admin ? " (admin)" : "");
  const rollbackButton = document.getElementById("rollback");
  rollbackButton.disabled = !state.session.admin;
  rollbackButton.title = state.session.admin ? "" : "needs a session opened with the admin key";
  rollbackButton.addEventListener("click", rollback);
  document.getElementById("logout").addEventListener("click", async () => {
    await post("/dashboard/logout");
    window.location.assign("/dashboard/login.html");
  });
  document.getElementById("stream-select").addEventListener("change", (e) => select(e.target.value));
  createCharts();
  const fast = async () => {
    await once("streams", async () => renderStreams(await getJson("/dashboard/api/streams?seconds=60")));
    await once("series", refreshSeries);
  };
  await fast();
  once("tradeoff", refreshTradeOff);
  once("policies", refreshPolicies);
  once("health", refreshHealth);
  setInterval(fast, 1000);
  setInterval(() => once("tradeoff", refreshTradeOff), 2000);
  setInterval(() => once("health", refreshHealth), 5000);
  setInterval(() => once("policies", refreshPolicies), 10000);
}

start();
