// Drives Debian's Chromium through playwright-core: the /board page and a ticket's /t/ page.
import { createRequire } from "node:module";
import assert from "node:assert/strict";

const require = createRequire(process.env.OUT_DIR + "/");
const { chromium } = require("playwright-core");
const base = process.env.BASE;
const out = process.env.OUT_DIR;

async function api(path, token, body) {
  const response = await fetch(base + path, {
    method: "POST",
    headers: { Authorization: "Bearer " + token, "Content-Type": "application/json" },
    body: JSON.stringify(body || {}),
  });
  const reply = await response.json();
  assert.equal(reply.ok, true, path + ": " + JSON.stringify(reply));
  return reply.result;
}

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
// Every queue's row on the board, over all its pages (the list turns a page every few seconds
// when the queues do not fit); each row shown must lie whole inside the list, on one line.
async function boardQueues(page) {
  const seen = new Set();
  let pages = 1;
  for (let i = 0; i < pages; ++i) {
    if (i > 0) {
      await page.waitForFunction((p) => document.getElementById("queue-page").textContent === p,
        `${i + 1}/${pages}`, { timeout: 15000 });
    }
    const shown = await page.evaluate(() => {
      const list = document.getElementById("queue-list").getBoundingClientRect();
      return {
        label: document.getElementById("queue-page").textContent,
        rows: [...document.querySelectorAll("#queue-list .queue")].map((row) => {
          const box = row.getBoundingClientRect();
          const name = row.querySelector(".name");
          return { text: name.textContent, count: row.querySelector(".count").textContent,
            inside: box.top >= list.top - 0.5 && box.bottom <= list.bottom + 0.5 &&
              box.left >= list.left - 0.5 && box.right <= list.right + 0.5,
            oneLine: name.getBoundingClientRect().height <
              1.6 * parseFloat(getComputedStyle(name).fontSize) };
        }),
      };
    });
    if (i === 0 && shown.label) pages = Number(shown.label.split("/")[1]);
    for (const row of shown.rows) {
      assert.ok(row.inside, `the row "${row.text}" is cut off`);
      assert.ok(row.oneLine, `the row "${row.text}" takes more than one line`);
      assert.match(row.count, /^\d+$/);
      seen.add(row.text);
    }
  }
  return seen;
}

try {
  const catalog = await (await fetch(base + "/api/catalog")).json();
  const hall = catalog.result.hall;
  const queueRows = catalog.result.queues.map((q) => q.prefix + " " + q.name).sort();
  // The TV's own time zone is not the hall's: the clock must show the hall's.
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 },
    timezoneId: hall.time_zone === "America/New_York" ? "Asia/Tokyo" : "America/New_York" });
  await page.goto(`${base}/board#token=${process.env.BOARD_TOKEN}`);
  await page.waitForSelector("#status.online", { timeout: 15000 });
  // "在线" only once the snapshot is shown: the hall's name and its queues are there already.
  assert.equal(await page.textContent("#hall"), hall.name);
  assert.equal(await page.locator("#queue-list .queue").count() > 0, true);
  await page.waitForFunction(() => document.getElementById("clock").textContent !== "",
    null, { timeout: 15000 });
  const clock = (await page.textContent("#clock")).match(/(\d\d):(\d\d):(\d\d)$/);
  assert.ok(clock, "the clock shows the time");
  const hallTime = Object.fromEntries(new Intl.DateTimeFormat("en-GB", { timeZone: hall.time_zone,
    hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" })
    .formatToParts(new Date()).map((p) => [p.type, Number(p.value)]));
  const drift = (clock[1] * 3600 + clock[2] * 60 + Number(clock[3])) -
    (hallTime.hour * 3600 + hallTime.minute * 60 + hallTime.second);
  assert.ok(Math.abs(((drift % 86400) + 86400 + 43200) % 86400 - 43200) <= 5,
    `the clock ${clock[0]} is not the hall's time in ${hall.time_zone}`);

  // A citizen takes a ticket; window 1 logs in and calls it while the board is open.
  const windowOne = catalog.result.windows.find((w) => w.number === 1);
  const issued = await api("/api/tickets", process.env.KIOSK_TOKEN, { queue: windowOne.queues[0] });
  const number = issued.ticket.number;
  await api("/api/windows/1/login", process.env.COUNTER_TOKEN, { staff: "S001", pin: "1234" });
  const called = await api("/api/windows/1/call_next", process.env.COUNTER_TOKEN);
  assert.equal(called.ticket.number, number);

  await page.waitForFunction(
    (n) => document.getElementById("latest-number").textContent === n, number, { timeout: 15000 });
  assert.equal(await page.textContent("#latest-window"), "1号窗口");
  assert.match(await page.textContent("#recent-calls"), new RegExp(number));
  // A manager's notice runs along the bottom, and a board that reconnects shows it again.
  const notice = "请保管好随身物品";
  await api("/api/notices", process.env.MANAGER_TOKEN, { text: notice });
  await page.waitForFunction(
    (t) => document.getElementById("notice").textContent === t, notice, { timeout: 15000 });
  await page.reload();
  await page.waitForSelector("#status.online", { timeout: 15000 });
  await page.waitForFunction(
    (t) => document.getElementById("notice").textContent === t, notice, { timeout: 15000 });
  await page.screenshot({ path: out + "/board.png" });

  // Every queue of the catalog is on the board, whole and on one line, on some page: on the
  // landscape TV and on a portrait one, where the called number is not cut off either.
  const portrait = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
  await portrait.goto(`${base}/board#token=${process.env.BOARD_TOKEN}`);
  await portrait.waitForSelector("#status.online", { timeout: 15000 });
  await portrait.screenshot({ path: out + "/board-portrait.png" });
  const [landscapeRows, portraitRows] = await Promise.all([boardQueues(page), boardQueues(portrait)]);
  assert.deepEqual([...landscapeRows].sort(), queueRows);
  assert.deepEqual([...portraitRows].sort(), queueRows);
  for (const p of [page, portrait]) {
    const fits = await p.evaluate(() => ["latest-number", "latest-window"].every((id) => {
      const e = document.getElementById(id);
      const box = e.getBoundingClientRect();
      const panel = document.getElementById("latest").getBoundingClientRect();
      return e.scrollWidth <= e.clientWidth + 1 && box.left >= panel.left && box.right <= panel.right;
    }));
    assert.ok(fits, "the called number and window fit their panel");
  }
  await portrait.close();

  // The ticket's QR code opens its status page: it says which window to go to.
  const status = await browser.newPage({ viewport: { width: 420, height: 860 } });
  await status.goto(base + issued.ticket.status_url);
  await status.waitForFunction(
    (n) => document.getElementById("number").textContent === n, number, { timeout: 15000 });
  assert.equal(await status.textContent("#called"), "请到 1 号窗口办理");
  await status.screenshot({ path: out + "/ticket-status.png" });

  // A wrong key shows nothing of the ticket.
  const wrong = await browser.newPage();
  await wrong.goto(`${base}/t/${issued.ticket.id}?k=wrong`);
  await wrong.waitForFunction(() => document.getElementById("error").textContent !== "");
  assert.equal(await wrong.textContent("#number"), "—");

  // Once the window has moved on (a no-show), the board no longer says the number is called.
  await api("/api/windows/1/no_show", process.env.COUNTER_TOKEN);
  await page.waitForFunction(() => !document.getElementById("latest-none").hidden, null,
    { timeout: 15000 });
  assert.equal(await page.isVisible("#latest .call"), false);
  assert.equal(await page.isVisible("#latest-none"), true);
  assert.match(await page.textContent("#recent-calls"), new RegExp(number));
  console.log("browser pages: 5 passed, 0 failed");
} finally {
  await browser.close();
}
