// The browser queue board: a board device on the hall's WebSocket (docs/protocol.md).
// Open /board#token=NAME.SECRET with a board device's token. Add &voice=1 to speak calls with
// the browser's own speech, where it has a Chinese voice.
"use strict";

const params = new URLSearchParams(location.hash.slice(1));
const token = params.get("token") || "";
const voice = params.get("voice") === "1" && "speechSynthesis" in window;
const PAGE_MS = 9000;  // a list longer than its panel turns a page this often
const state = { windows: new Map(), queues: new Map(), calls: [], skewMs: 0 };
let socket = null;
let retryMs = 500;
let nextId = 1;
let authError = "";
const pending = new Map();  // request id → what to do with its reply

const $ = (id) => document.getElementById(id);
const welcome = $("notice").textContent;  // shown while the day has no notice
const text = (value) => document.createTextNode(value == null ? "" : String(value));
function element(tag, className, ...children) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  for (const child of children) e.append(typeof child === "string" ? text(child) : child);
  return e;
}

// The clock shows the hall's time in the hall's time zone (the catalog's hall.time_zone), by the
// server's clock (hello's now_ms), whatever the TV's own zone and clock. Until the zone is known
// it shows nothing rather than a wrong time.
let clockFormat = null;
function setTimeZone(zone) {
  try {
    clockFormat = new Intl.DateTimeFormat("zh-CN", { timeZone: zone, month: "numeric",
      day: "numeric", weekday: "short", hour: "2-digit", minute: "2-digit", second: "2-digit",
      hourCycle: "h23" });
  } catch (e) {
    clockFormat = null;  // a zone this browser does not know
  }
  tickClock();
}
function tickClock() {
  if (!clockFormat) {
    $("clock").textContent = "";
    return;
  }
  const p = {};
  for (const part of clockFormat.formatToParts(new Date(Date.now() + state.skewMs))) {
    p[part.type] = part.value;
  }
  $("clock").textContent = `${p.month}月${p.day}日 ${p.weekday} ${p.hour}:${p.minute}:${p.second}`;
}
setInterval(tickClock, 500);

function setOnline(online, message) {
  const status = $("status");
  status.className = online ? "online" : "offline";
  status.textContent = message || (online ? "在线" : "离线，正在重连…");
}

// A paged list: it shows the items that fit whole in its box, a page at a time, and turns the
// page every PAGE_MS when there are more; its heading shows "page/pages".
function pager(listId, labelId, holdHeight) {
  return { list: $(listId), label: $(labelId), holdHeight, items: [], page: 0, size: 1, pages: 1,
    width: -1, height: -1 };
}
const queuePager = pager("queue-list", "queue-page", false);
// The window list is as high as its windows, up to a few rows: while it pages it keeps the
// height of a full page, so that the queues above it keep theirs.
const windowPager = pager("window-grid", "window-page", true);

function paginate(p, items) {
  if (items) p.items = items;
  const list = p.list;
  list.style.height = "";
  list.replaceChildren(...p.items);
  const box = list.getBoundingClientRect();
  const bottom = box.top + list.clientTop + list.clientHeight + 0.5;
  const first = p.items.findIndex((e) => e.getBoundingClientRect().bottom > bottom);
  p.size = first < 0 ? Math.max(p.items.length, 1) : Math.max(first, 1);
  p.pages = Math.max(1, Math.ceil(p.items.length / p.size));
  if (p.page >= p.pages) p.page = 0;
  if (p.holdHeight && p.pages > 1) list.style.height = list.clientHeight + "px";
  showPage(p);
}
function showPage(p) {
  const start = p.page * p.size;
  p.list.replaceChildren(...p.items.slice(start, start + p.size));
  p.label.textContent = p.pages > 1 ? `${p.page + 1}/${p.pages}` : "";
  p.width = p.list.clientWidth;
  p.height = p.list.clientHeight;
}
setInterval(() => {
  for (const p of [queuePager, windowPager]) {
    if (p.pages < 2) continue;
    p.page = (p.page + 1) % p.pages;
    showPage(p);
  }
}, PAGE_MS);

function windowLabel(call) {
  return call.window + "号窗口";
}

// The newest call its window still holds (calling or serving it): once every window has moved
// on from its calls (finished, no-show, transfer, set aside, closed) nobody is being called.
function activeCall() {
  return state.calls.find((call) => {
    const w = state.windows.get(call.window);
    return w && w.current && w.current.number === call.number;
  });
}

function showLatest(call, flash) {
  // Nobody held: the sentence "请 … 号到 … 办理" gives way to 请留意叫号.
  document.querySelector("#latest .call").hidden = !call;
  $("latest-none").hidden = Boolean(call);
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
  // As many as fit whole: the oldest go first.
  const bottom = list.getBoundingClientRect().top + list.clientTop + list.clientHeight + 0.5;
  while (list.lastElementChild && list.lastElementChild.getBoundingClientRect().bottom > bottom) {
    list.lastElementChild.remove();
  }
}

function renderWindows() {
  const open = [...state.windows.values()].filter((w) => w.open || w.current)
    .sort((a, b) => a.window - b.window);
  const items = open.map((w) =>
    element("div", "window" + (w.open ? "" : " closed"),
      element("span", "", w.window + "号"),
      w.current ? element("span", "serving", w.current.number)
                : element("span", "serving idle", w.on_break ? "暂停" : "空闲")));
  paginate(windowPager, items.length ? items : [element("div", "empty", "暂无开放的窗口")]);
}

function renderQueues() {
  const queues = [...state.queues.values()].sort((a, b) => a.prefix.localeCompare(b.prefix));
  paginate(queuePager, queues.map((q) =>
    element("div", "queue",
      element("span", "name", element("span", "prefix", q.prefix), " " + q.name),
      element("span", "count" + (q.waiting ? "" : " none"), String(q.waiting)))));
}

// A panel that changes size (the screen turned, the window list grew) lays out its list again.
if ("ResizeObserver" in window) {
  const observer = new ResizeObserver(() => {
    for (const p of [windowPager, queuePager]) {
      if (p.list.clientWidth !== p.width || p.list.clientHeight !== p.height) paginate(p);
    }
    renderCalls();
  });
  for (const id of ["queue-list", "window-grid", "recent-calls"]) observer.observe($(id));
} else {
  window.addEventListener("resize", () => {
    paginate(windowPager);
    paginate(queuePager);
    renderCalls();
  });
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
  showLatest(activeCall(), false);
  renderCalls();
  renderWindows();  // first: the queues get the room the windows leave
  renderQueues();
  // Online only now that the board shows the hall as it is.
  setOnline(true, data.day_closed ? "今日已结束" : "");
}

function onEvent(name, data) {
  switch (name) {
    case "snapshot": applySnapshot(data); break;
    case "call":
      state.calls.unshift(data);
      state.calls.length = Math.min(state.calls.length, 10);
      // The window holds the number it calls now, before its status says so.
      if (state.windows.has(data.window)) {
        state.windows.get(data.window).current = { number: data.number, state: "called" };
      }
      showLatest(data, true);
      renderCalls();
      speak(data);
      break;
    case "status":  // the queues and windows that changed, each whole
      for (const w of data.windows) state.windows.set(w.window, w);
      for (const q of data.queues) state.queues.set(q.queue, q);
      if (data.windows.length) {
        renderWindows();
        if ($("latest-number").textContent !== (activeCall() || { number: "—" }).number) {
          showLatest(activeCall(), false);
        }
      }
      if (data.queues.length) renderQueues();
      break;
    case "notice": $("notice").textContent = data.text; break;
    case "day_closed": setOnline(true, "今日已结束"); break;
  }
}

function request(op, onReply) {
  const id = nextId++;
  pending.set(id, onReply);
  socket.send(JSON.stringify({ id, op, token: op === "hello" ? token : undefined }));
}

function onHello(reply) {
  if (!reply.ok) {
    authError = "设备未授权：" + reply.error.code;
    setOnline(false, authError);
    if (reply.error.code === "unauthenticated") socket.close();
    return;
  }
  authError = "";
  retryMs = 500;
  if (typeof reply.result.now_ms === "number") state.skewMs = reply.result.now_ms - Date.now();
  setTimeZone(reply.result.time_zone);
  // Still "连接中…": the board is online once the snapshot that follows has been shown.
}

function connect() {
  if (!token) {
    setOnline(false, "缺少设备令牌：请用 /board#token=… 打开");
    return;
  }
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  socket = new WebSocket(`${scheme}//${location.host}/ws`);
  pending.clear();
  socket.onopen = () => request("hello", onHello);
  socket.onmessage = (message) => {
    const data = JSON.parse(message.data);
    if (data.event) return onEvent(data.event, data.data);
    const onReply = pending.get(data.id);
    if (onReply) {
      pending.delete(data.id);
      onReply(data);
    }
  };
  socket.onclose = () => {
    setOnline(false, authError);
    setTimeout(connect, retryMs);
    retryMs = Math.min(retryMs * 2, 15000);
  };
}
connect();
