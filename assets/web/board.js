// The browser queue board: a board device on the hall's WebSocket (docs/protocol.md).
// Open /board#token=NAME.SECRET with a board device's token. Add &voice=1 to speak calls with
// the browser's own speech, where it has a Chinese voice.
"use strict";

const params = new URLSearchParams(location.hash.slice(1));
const token = params.get("token") || "";
const voice = params.get("voice") === "1" && "speechSynthesis" in window;
const state = { windows: new Map(), queues: new Map(), calls: [], names: new Map() };
let socket = null;
let retryMs = 500;
let nextId = 1;

const $ = (id) => document.getElementById(id);
const welcome = $("notice").textContent;  // shown while the day has no notice
const text = (value) => document.createTextNode(value == null ? "" : String(value));
function element(tag, className, ...children) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  for (const child of children) e.append(typeof child === "string" ? text(child) : child);
  return e;
}

function tickClock() {
  const now = new Date();
  $("clock").textContent = now.toLocaleString("zh-CN", { hour12: false });
}
setInterval(tickClock, 1000);
tickClock();

function setOnline(online, message) {
  const status = $("status");
  status.className = online ? "online" : "offline";
  status.textContent = message || (online ? "在线" : "离线，正在重连…");
}

function windowLabel(call) {
  return call.window + "号窗口";
}

function showLatest(call, flash) {
  $("latest-number").textContent = call ? call.number : "—";
  $("latest-window").textContent = call ? windowLabel(call) : "—";
  const latest = $("latest");
  latest.classList.remove("flash");
  if (flash) {
    void latest.offsetWidth;  // restart the animation
    latest.classList.add("flash");
  }
}

function renderCalls() {
  const list = $("recent-calls");
  list.replaceChildren(...state.calls.slice(0, 8).map((call) =>
    element("li", call.recall ? "recall" : "",
      element("span", "number", call.number), element("span", "", windowLabel(call)))));
}

function renderWindows() {
  const open = [...state.windows.values()].filter((w) => w.open || w.current)
    .sort((a, b) => a.window - b.window);
  $("window-grid").replaceChildren(...open.map((w) =>
    element("div", "window" + (w.open ? "" : " closed"),
      element("span", "", w.window + "号"),
      element("span", "serving", w.current ? w.current.number : (w.on_break ? "暂停" : "空闲")))));
}

function renderQueues() {
  const queues = [...state.queues.values()].sort((a, b) => a.prefix.localeCompare(b.prefix));
  $("queue-list").replaceChildren(...queues.map((q) =>
    element("div", "queue", element("span", "", q.prefix + " " + q.name),
      element("span", "count", String(q.waiting)))));
}

function speak(call) {
  if (!voice) return;
  const digits = call.number.split("").join(" ");
  const phrase = `请 ${digits} 号到 ${String(call.window).split("").join(" ")} 号窗口办理`;
  for (let i = 0; i < 2; ++i) {
    const u = new SpeechSynthesisUtterance(phrase);
    u.lang = "zh-CN";
    speechSynthesis.speak(u);  // queued: one call never cuts off another
  }
}

function applySnapshot(data) {
  $("hall").textContent = data.hall || "市民服务大厅";
  state.windows = new Map(data.windows.map((w) => [w.window, w]));
  state.queues = new Map(data.queues.map((q) => [q.queue, q]));
  state.calls = data.recent_calls || [];
  // The day's newest notice; a new day (or a day without any) shows the welcome again.
  $("notice").textContent = data.notices && data.notices.length ? data.notices[0].text : welcome;
  showLatest(state.calls[0], false);
  renderCalls();
  renderWindows();
  renderQueues();
  if (data.day_closed) setOnline(true, "今日已结束");
}

function onEvent(name, data) {
  switch (name) {
    case "snapshot": applySnapshot(data); break;
    case "call":
      state.calls.unshift(data);
      state.calls.length = Math.min(state.calls.length, 10);
      showLatest(data, true);
      renderCalls();
      speak(data);
      break;
    case "status":  // the queues and windows that changed, each whole
      for (const w of data.windows) state.windows.set(w.window, w);
      for (const q of data.queues) state.queues.set(q.queue, q);
      if (data.windows.length) renderWindows();
      if (data.queues.length) renderQueues();
      break;
    case "notice": $("notice").textContent = data.text; break;
    case "day_closed": setOnline(true, "今日已结束"); break;
  }
}

function connect() {
  if (!token) {
    setOnline(false, "缺少设备令牌：请用 /board#token=… 打开");
    return;
  }
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  socket = new WebSocket(`${scheme}//${location.host}/ws`);
  socket.onopen = () => socket.send(JSON.stringify({ id: nextId++, op: "hello", token }));
  socket.onmessage = (message) => {
    const data = JSON.parse(message.data);
    if (data.event) return onEvent(data.event, data.data);
    if (data.ok === false && data.error) {
      setOnline(false, "设备未授权：" + data.error.code);
      token && data.error.code === "unauthenticated" && socket.close();
      return;
    }
    if (data.result && data.result.role) {
      retryMs = 500;
      setOnline(true);
    }
  };
  socket.onclose = () => {
    setOnline(false);
    setTimeout(connect, retryMs);
    retryMs = Math.min(retryMs * 2, 15000);
  };
}
connect();
