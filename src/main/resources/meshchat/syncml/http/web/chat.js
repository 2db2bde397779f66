// MeshChat chat page: reads and posts through the JSON API with HTTP Digest (RFC 7616, MD5),
// computed here so no password crosses the air. Message text is shown with textContent only.
'use strict';

// --- MD5 (RFC 1321) over bytes; Digest needs it and browsers' SubtleCrypto has none
function md5Hex(str) {
  const bytes = new TextEncoder().encode(str);
  const n = ((bytes.length + 8) >>> 6) + 1;
  const w = new Uint32Array(n * 16);
  for (let i = 0; i < bytes.length; i++) w[i >> 2] |= bytes[i] << ((i % 4) * 8);
  w[bytes.length >> 2] |= 0x80 << ((bytes.length % 4) * 8);
  w[n * 16 - 2] = bytes.length * 8;
  w[n * 16 - 1] = Math.floor(bytes.length / 0x20000000);
  const S = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
  const K = [];
  for (let i = 0; i < 64; i++) K[i] = Math.floor(Math.abs(Math.sin(i + 1)) * 0x100000000) >>> 0;
  let a0 = 0x67452301, b0 = 0xefcdab89, c0 = 0x98badcfe, d0 = 0x10325476;
  for (let off = 0; off < w.length; off += 16) {
    let a = a0, b = b0, c = c0, d = d0;
    for (let i = 0; i < 64; i++) {
      let f, g;
      if (i < 16) { f = (b & c) | (~b & d); g = i; }
      else if (i < 32) { f = (d & b) | (~d & c); g = (5 * i + 1) % 16; }
      else if (i < 48) { f = b ^ c ^ d; g = (3 * i + 5) % 16; }
      else { f = c ^ (b | ~d); g = (7 * i) % 16; }
      const s = S[(i >> 4) * 4 + (i % 4)];
      const x = (a + f + K[i] + w[off + g]) >>> 0;
      a = d; d = c; c = b;
      b = (b + ((x << s) | (x >>> (32 - s)))) >>> 0;
    }
    a0 = (a0 + a) >>> 0; b0 = (b0 + b) >>> 0; c0 = (c0 + c) >>> 0; d0 = (d0 + d) >>> 0;
  }
  let hex = '';
  for (const v of [a0, b0, c0, d0]) {
    for (let i = 0; i < 4; i++) hex += ((v >>> (i * 8)) & 0xff).toString(16).padStart(2, '0');
  }
  return hex;
}

// --- HTTP Digest client state: HA1 only (never the password), the server's nonce, our count
const auth = { user: null, ha1: null, nonce: null, nc: 0 };

function digestParams(header) {
  const out = {};
  const re = /(\w+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g;
  let m;
  while ((m = re.exec(header)) !== null) out[m[1].toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3];
  return out;
}

function authorization(method, uri) {
  auth.nc += 1;
  const nc = auth.nc.toString(16).padStart(8, '0');
  const cnonce = Array.from(crypto.getRandomValues(new Uint8Array(8)), b => b.toString(16).padStart(2, '0')).join('');
  const response = md5Hex(auth.ha1 + ':' + auth.nonce + ':' + nc + ':' + cnonce + ':auth:' + md5Hex(method + ':' + uri));
  const q = s => '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
  return 'Digest username=' + q(auth.user) + ', realm="meshchat", nonce=' + q(auth.nonce) + ', uri=' + q(uri)
    + ', qop=auth, nc=' + nc + ', cnonce="' + cnonce + '", response="' + response + '", algorithm=MD5';
}

/** fetch with Digest: on a 401 it takes the fresh challenge and tries once more. */
async function api(method, uri, body) {
  let r;
  for (let attempt = 0; attempt < 2; attempt++) {
    const headers = { 'X-MeshChat-Page': '1', 'Accept': 'application/json' };
    if (auth.nonce) headers['Authorization'] = authorization(method, uri);
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    r = await fetch(uri, { method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit', cache: 'no-store' });
    const challenge = r.headers.get('X-MeshChat-Authenticate');
    if (r.status !== 401 || !challenge) return r;
    auth.nonce = digestParams(challenge.substring(7)).nonce; // first use, or ours expired: a new one
    auth.nc = 0;
  }
  return r; // refused twice: wrong account or password
}

// --- the page
const $ = id => document.getElementById(id);
const state = { newest: -1, oldest: Number.MAX_SAFE_INTEGER, channels: new Set(), timer: null, mayPurge: false };
const TOP = 9007199254740991; // larger than any change seq: "before" it is the newest

function say(text, error) {
  $('status').textContent = text;
  $('status').className = error ? 'error' : '';
}

function channelQuery() {
  const c = $('channel').value;
  return c ? '&channel=' + encodeURIComponent(c) : '';
}

function noteChannel(name) {
  if (name && !state.channels.has(name)) {
    state.channels.add(name);
    const o = document.createElement('option');
    o.value = name;
    o.textContent = name;
    $('channel').appendChild(o);
  }
}

function render(m) {
  const li = document.createElement('li');
  li.dataset.guid = m.guid;
  li.dataset.seq = m.seq;
  const meta = document.createElement('div');
  meta.className = 'meta';
  const call = document.createElement('span');
  call.className = 'call';
  call.textContent = m.call_sign;
  const when = document.createElement('time');
  when.textContent = new Date(m.epoch * 1000).toISOString().replace('T', ' ').substring(0, 16);
  const where = document.createElement('span');
  where.textContent = (m.channel ? '#' + m.channel + ' ' : '') + '@' + m.node;
  meta.append(call, when, where);
  if (state.mayPurge) { // the server refuses others anyway; they get no button to be refused with
    const purge = document.createElement('button');
    purge.type = 'button';
    purge.className = 'danger';
    purge.textContent = 'purge';
    purge.addEventListener('click', () => purgeMessage(m, li));
    meta.append(purge);
  }
  const text = document.createElement('div');
  text.className = 'text';
  text.textContent = m.message; // never parsed as markup: the text is anybody's
  li.append(meta, text);
  noteChannel(m.channel);
  return li;
}

function track(list) {
  for (const m of list) {
    state.newest = Math.max(state.newest, m.seq);
    state.oldest = Math.min(state.oldest, m.seq);
  }
}

async function load(before) {
  const r = await api('GET', '/api/messages?limit=50&before=' + before + channelQuery());
  if (!r.ok) throw new Error((await r.json()).error || ('HTTP ' + r.status));
  const list = await r.json();
  if (before === TOP) {
    const last = Number(r.headers.get('X-MeshChat-Last-Seq'));
    if (!Number.isNaN(last)) state.newest = Math.max(state.newest, last);
  }
  track(list);
  for (const m of list) $('messages').appendChild(render(m));
  // a page cut short by the server's size bound says so: older messages may still follow
  $('older').hidden = list.length < 50 && r.headers.get('X-MeshChat-More') !== 'true';
  return list.length;
}

async function poll() {
  try {
    const r = await api('GET', '/api/messages?limit=500&since=' + Math.max(0, state.newest) + channelQuery());
    if (r.ok) {
      const list = await r.json(); // oldest first: each goes on top
      track(list);
      for (const m of list) $('messages').prepend(render(m));
    }
  } catch (e) {
    say('offline? ' + e.message, true);
  }
}

/** Who is logged in (GET /api/me): only admins and peer accounts get purge buttons. */
async function whoAmI() {
  const r = await api('GET', '/api/me');
  if (!r.ok) throw new Error((await r.json()).error || ('HTTP ' + r.status));
  const me = await r.json();
  state.mayPurge = me.may_purge === true;
  return me;
}

async function reload() {
  $('messages').replaceChildren();
  state.newest = -1;
  state.oldest = Number.MAX_SAFE_INTEGER;
  await load(TOP);
}

async function purgeMessage(m, li) {
  if (!window.confirm('Purge this message zone-wide? It is deleted on every node and client.\n\n' + m.message.substring(0, 200))) {
    return;
  }
  const r = await api('DELETE', '/api/messages/' + encodeURIComponent(m.guid));
  if (r.status === 204) {
    li.remove();
    say('purged ' + m.guid);
  } else {
    say('purge refused: ' + ((await r.json()).error || r.status), true);
  }
}

async function start(user, password) {
  auth.user = user;
  auth.ha1 = md5Hex(user + ':meshchat:' + password);
  auth.nonce = null;
  let me;
  try {
    me = await whoAmI();
    await reload();
  } catch (e) {
    auth.ha1 = null;
    say(e.message, true);
    return;
  }
  sessionStorage.setItem('meshchat.user', user);
  sessionStorage.setItem('meshchat.ha1', auth.ha1);
  $('login').hidden = true;
  $('chat').hidden = false;
  $('logout').hidden = false;
  say('logged in as ' + user + ' (' + me.call_sign + (me.admin ? ', admin' : '') + ')');
  if (state.timer) clearInterval(state.timer);
  state.timer = setInterval(poll, 5000);
}

document.addEventListener('DOMContentLoaded', () => {
  $('login').addEventListener('submit', ev => {
    ev.preventDefault();
    start($('user').value, $('password').value);
    $('password').value = '';
  });
  $('post').addEventListener('submit', async ev => {
    ev.preventDefault();
    const body = { message: $('text').value };
    if ($('post-channel').value) body.channel = $('post-channel').value;
    const r = await api('POST', '/api/messages', body);
    if (r.status === 201) {
      $('text').value = '';
      say('sent');
      await poll();
    } else {
      say('not sent: ' + ((await r.json()).error || r.status), true);
    }
  });
  $('older').addEventListener('click', async () => {
    try { await load(state.oldest); } catch (e) { say(e.message, true); }
  });
  $('channel').addEventListener('change', () => reload().catch(e => say(e.message, true)));
  $('logout').addEventListener('click', ev => {
    ev.preventDefault();
    sessionStorage.clear();
    location.reload();
  });
  const user = sessionStorage.getItem('meshchat.user');
  const ha1 = sessionStorage.getItem('meshchat.ha1');
  if (user && ha1) {
    auth.user = user;
    auth.ha1 = ha1;
    whoAmI().then(reload).then(() => {
      $('login').hidden = true;
      $('chat').hidden = false;
      $('logout').hidden = false;
      state.timer = setInterval(poll, 5000);
    }).catch(() => sessionStorage.clear());
  }
});
