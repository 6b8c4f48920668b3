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
try {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.goto(`${base}/board#token=${process.env.BOARD_TOKEN}`);
  await page.waitForSelector("#status.online", { timeout: 15000 });

  // A citizen takes a ticket; window 1 logs in and calls it while the board is open.
  const catalog = await (await fetch(base + "/api/catalog")).json();
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
  console.log("browser pages: 3 passed, 0 failed");
} finally {
  await browser.close();
}
