// Test-only: the telegram-test-api 4.2.1 Bot API emulator on loopback, behind a thin JSON-rewriting adapter
// that closes the four gaps between the emulator and the Bot API as python-telegram-bot 22 reads it
// (see /work/shared/notes/telegram-test-api.md and tests/channels/README in bot/CHANNELS.md):
//   1. getMe: adds is_bot/can_join_groups/... to the bot user;
//   2. sendMessage & co: message `date` in seconds (the emulator stores milliseconds);
//   3. getUpdates: callback queries get chat_instance, and their message a date (s) and message_id;
//   4. methods the emulator lacks (setMyCommands, sendChatAction, getWebhookInfo, ...) answer like the Bot API
//      ({"ok": true, "result": true}; getWebhookInfo reports the webhook the adapter saw being set).
//   5. deleteMessage: the emulator gives a callback query the message id of the next message, so one
//      deleteMessage may remove the callback record instead of the message; the adapter repeats the call
//      until the emulator finds nothing more with that id.
//   6. webhooks: the emulator posts updates without X-Telegram-Bot-Api-Secret-Token; the adapter registers
//      itself as the emulator's webhook (/_relay/<token>) and relays each update to the bot's URL with the
//      secret header, as Telegram does.
// Also, like the real Bot API: getUpdates while a webhook is set answers 409 Conflict, and boolean methods
// (answerCallbackQuery, deleteMessage) answer `true` instead of null.
// Usage: node emulator.js <adapter_port> <emulator_port>; prints "READY <adapter_port>" when listening.
'use strict';
const http = require('http');
const axios = require('axios');
const TelegramServer = require('telegram-test-api');

const adapterPort = Number(process.argv[2]);
const emulatorPort = Number(process.argv[3]);
const EMULATED = new Set(['getMe', 'getUpdates', 'sendMessage', 'answerCallbackQuery', 'editMessageText',
  'editMessageReplyMarkup', 'deleteMessage', 'setWebhook', 'deleteWebhook']);
const BOOLEAN = new Set(['answerCallbackQuery', 'deleteMessage', 'setWebhook', 'deleteWebhook']);
const webhooks = {};   // token -> url, as the real server would report it
const secrets = {};    // token -> secret_token given to setWebhook
const calls = [];      // every bot API call (method, time) for the tests' assertions

function seconds(d) { return (typeof d === 'number' && d > 1e11) ? Math.floor(d / 1000) : d; }

function fixMessage(m) {
  if (!m || typeof m !== 'object') return m;
  if (m.date !== undefined) m.date = seconds(m.date);
  if (m.date === undefined) m.date = Math.floor(Date.now() / 1000);
  return m;
}

function fixUpdate(u) {
  if (u.message) fixMessage(u.message);
  if (u.callback_query) {
    const cq = u.callback_query;
    if (!cq.chat_instance) cq.chat_instance = String((cq.from && cq.from.id) || 0);
    if (cq.message) {
      fixMessage(cq.message);
      if (cq.message.message_id === undefined) cq.message.message_id = 0;
    }
  }
  return u;
}

function parseBody(req, raw) {
  const type = (req.headers['content-type'] || '').split(';')[0];
  if (!raw.length) return {};
  if (type === 'application/json') return JSON.parse(raw.toString('utf8'));
  if (type === 'application/x-www-form-urlencoded') {
    return Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
  }
  return {};
}

async function main() {
  const server = new TelegramServer({ port: emulatorPort, host: '127.0.0.1', storeTimeout: 3600 });
  await server.start();
  const upstream = `http://127.0.0.1:${emulatorPort}`;

  const proxy = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const raw = Buffer.concat(chunks);
      const send = (status, obj) => {
        const body = JSON.stringify(obj);
        res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      };
      try {
        const m = req.url.match(/^\/bot([^/]+)\/([A-Za-z]+)/);
        if (req.url === '/_calls') { send(200, { ok: true, result: calls }); return; }
        const relay = req.url.match(/^\/_relay\/(.+)$/);
        if (relay) {
          const token = decodeURIComponent(relay[1]);
          const headers = { 'content-type': 'application/json' };
          if (secrets[token]) headers['X-Telegram-Bot-Api-Secret-Token'] = secrets[token];
          const update = fixUpdate(JSON.parse(raw.toString('utf8')));
          const r = await axios({ url: webhooks[token], method: 'POST', data: JSON.stringify(update), headers,
            validateStatus: () => true, transformResponse: (x) => x });
          res.writeHead(r.status, { 'content-type': 'application/json' });
          res.end(r.data || '');
          return;
        }
        if (!m) {  // client API: pass through untouched
          const r = await axios({ url: upstream + req.url, method: req.method, data: raw,
            headers: { 'content-type': req.headers['content-type'] || 'application/json' },
            validateStatus: () => true, transformResponse: (x) => x });
          res.writeHead(r.status, { 'content-type': 'application/json' });
          res.end(r.data);
          return;
        }
        const [, token, method] = m;
        const params = parseBody(req, raw);
        calls.push({ method, time: Date.now(), params });
        if (method === 'getUpdates' && webhooks[token]) {
          send(409, { ok: false, error_code: 409,
            description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first" });
          return;
        }
        if (method === 'getWebhookInfo') {
          send(200, { ok: true, result: { url: webhooks[token] || '', has_custom_certificate: false,
            pending_update_count: 0, allowed_updates: ['message', 'callback_query'] } });
          return;
        }
        if (!EMULATED.has(method)) { send(200, { ok: true, result: true }); return; }
        let body = raw;
        let contentType = req.headers['content-type'] || 'application/json';
        if (method === 'setWebhook' && params.url) {
          webhooks[token] = params.url;
          if (params.secret_token) secrets[token] = params.secret_token; else delete secrets[token];
          body = JSON.stringify({ url: `http://127.0.0.1:${adapterPort}/_relay/${encodeURIComponent(token)}` });
          contentType = 'application/json';
        }
        if (method === 'deleteWebhook') { delete webhooks[token]; delete secrets[token]; }
        const forward = () => axios({ url: `${upstream}/bot${token}/${method}`, method: 'POST', data: body,
          headers: { 'content-type': contentType }, validateStatus: () => true });
        const r = await forward();
        const data = r.data;
        if (method === 'deleteMessage' && data && data.ok) {
          for (let i = 0; i < 3; i++) { const again = await forward(); if (!again.data || !again.data.ok) break; }
        }
        if (data && data.ok) {
          if (method === 'getMe') {
            Object.assign(data.result, { is_bot: true, can_join_groups: false, can_read_all_group_messages: false,
              supports_inline_queries: false });
          } else if (method === 'getUpdates') {
            data.result = (data.result || []).map(fixUpdate);
          } else if (method === 'sendMessage' || method === 'editMessageText') {
            if (data.result && typeof data.result === 'object') fixMessage(data.result);
            else data.result = true;
          } else if (BOOLEAN.has(method) || method === 'editMessageReplyMarkup') {
            if (data.result === null || data.result === undefined) data.result = true;
          }
        }
        send(data && data.ok === false && data.error_code ? data.error_code : r.status, data);
      } catch (e) {
        send(500, { ok: false, error_code: 500, description: String(e) });
      }
    });
  });
  proxy.listen(adapterPort, '127.0.0.1', () => { process.stdout.write(`READY ${adapterPort}\n`); });
  const stop = async () => { proxy.close(); await server.stop(); process.exit(0); };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
main().catch((e) => { process.stderr.write(String(e) + '\n'); process.exit(1); });
