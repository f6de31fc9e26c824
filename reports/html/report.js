// proton-audit HTML report: status tabs, filters, search, paging and finding detail over the
// embedded JSON; the compliance panels' filters; links from requirements and risky resources to
// their findings; CSV export of what is shown. Every value from the data goes into the page
// through textContent or a property, never markup, and only one page of rows exists in the DOM.
(function () {
  'use strict';
  var dataEl = document.getElementById('report-data');
  if (!dataEl) return;
  var data = JSON.parse(dataEl.textContent || '{}');
  // Positions in each finding row (see compactData in src/render/html.ts). A missing trailing
  // field is null; null means "as the rule says" or "none".
  var RULE = 0, STATUS = 1, PLACE = 2, ARN = 3, MSG = 4, NAME = 5, SUB = 6, EVIDENCE = 7, NOTE = 8,
    WAIVER = 9, SEV = 10, TYPE = 11, REMEDIATION = 12, NEW = 13, TITLE = 14, LAST_KNOWN = 15, NOT_COLLECTED = 16;
  var rows = data.findings || [];
  var rules = data.rules || [];
  var places = data.places || [];
  var strings = data.strings || [];
  var frameworks = data.frameworks || [];
  // The default view lists open failing findings only; skips, errors, waivers and passes have tabs.
  var state = { q: '', sev: '', tab: 'fail', rule: '', type: '', newOnly: false, req: null, page: 0, size: 100 };
  var matches = [];
  var haystack = null;
  var fingerprints = null;
  var selected = -1;

  function field(r, i) { var v = r[i]; return v === undefined ? null : v; }
  function text(v) { return typeof v === 'number' ? strings[v] : v; }
  function ruleOf(r) { return rules[r[RULE]] || { id: '?', title: '', severity: 0, type: -1, references: [], remediation: { text: '' } }; }
  function sevOf(r) { var v = field(r, SEV); return v === null ? ruleOf(r).severity : v; }
  function typeOf(r) { var v = field(r, TYPE); return v === null ? ruleOf(r).type : v; }
  function placeOf(r) { return places[r[PLACE]] || ['', '', '']; }
  function arnOf(r) { return placeOf(r)[2] + r[ARN]; }
  function nameOf(r) {
    var v = field(r, NAME);
    if (v !== null) return v;
    var arn = arnOf(r);
    var slash = arn.lastIndexOf('/');
    return arn.slice((slash >= 0 ? slash : arn.lastIndexOf(':')) + 1);
  }
  function noteOf(r) { var v = field(r, NOTE); return v === null ? null : text(v); }
  function evidenceOf(r) { var v = field(r, EVIDENCE); return v === null ? null : data.evidence[v]; }
  function waiverOf(r) { var v = field(r, WAIVER); return v === null ? -1 : v; }
  function titleOf(r) { var v = field(r, TITLE); return v === null ? ruleOf(r).title : v; }
  function isNewRow(r) { return field(r, NEW) === 1; }
  function lastKnownOf(r) { return field(r, LAST_KNOWN); }
  function notCollected(r) { return field(r, NOT_COLLECTED) === 1; }

  // SHA-256 (FIPS 180-4) of a UTF-8 string, hex: the engine's fingerprint is
  // sha256(ruleId + "\n" + ARN + "\n" + subKey), so it is rebuilt here instead of shipped per row.
  var K = [0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2];
  var W = new Int32Array(64);
  function ror(x, n) { return (x >>> n) | (x << (32 - n)); }
  function sha256Hex(value) {
    var bytes = new TextEncoder().encode(value);
    var len = bytes.length;
    var total = ((len + 9 + 63) >> 6) << 6;
    var buf = new Uint8Array(total);
    buf.set(bytes);
    buf[len] = 0x80;
    var view = new DataView(buf.buffer);
    view.setUint32(total - 8, Math.floor(len / 0x20000000));
    view.setUint32(total - 4, (len << 3) >>> 0);
    var h = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    for (var off = 0; off < total; off += 64) {
      var t;
      for (t = 0; t < 16; t++) W[t] = view.getUint32(off + t * 4);
      for (t = 16; t < 64; t++) {
        var x = W[t - 15], y = W[t - 2];
        W[t] = (W[t - 16] + (ror(x, 7) ^ ror(x, 18) ^ (x >>> 3)) + W[t - 7] + (ror(y, 17) ^ ror(y, 19) ^ (y >>> 10))) | 0;
      }
      var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
      for (t = 0; t < 64; t++) {
        var t1 = (k + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + W[t]) | 0;
        var t2 = ((ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
        k = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
      }
      h[0] = (h[0] + a) | 0; h[1] = (h[1] + b) | 0; h[2] = (h[2] + c) | 0; h[3] = (h[3] + d) | 0;
      h[4] = (h[4] + e) | 0; h[5] = (h[5] + f) | 0; h[6] = (h[6] + g) | 0; h[7] = (h[7] + k) | 0;
    }
    var out = '';
    for (var j = 0; j < 8; j++) out += ('00000000' + (h[j] >>> 0).toString(16)).slice(-8);
    return out;
  }
  function fingerprintOf(i) {
    if (!fingerprints) fingerprints = new Array(rows.length);
    if (fingerprints[i] === undefined) {
      var r = rows[i];
      fingerprints[i] = sha256Hex(ruleOf(r).id + '\n' + arnOf(r) + '\n' + (field(r, SUB) || ''));
    }
    return fingerprints[i];
  }

  // Control characters and bidirectional overrides could disguise text; they are not shown.
  var HIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
  function $(id) { return document.getElementById(id); }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text).replace(HIDDEN, '');
    return node;
  }
  function statusKey(row) {
    var s = data.statuses[row[STATUS]];
    return s === 'fail' && waiverOf(row) >= 0 ? 'waived' : s;
  }
  function option(select, value, label) {
    var o = document.createElement('option');
    o.value = value;
    o.textContent = label;
    select.appendChild(o);
  }
  function present(get) {
    var seen = {};
    for (var i = 0; i < rows.length; i++) seen[get(rows[i])] = true;
    return seen;
  }

  function tabButtons() { return document.querySelectorAll('#status-tabs [data-tab]'); }

  function fillFilters() {
    var sevSeen = present(sevOf);
    data.severities.forEach(function (s, i) { if (sevSeen[i]) option($('f-severity'), String(i), s); });
    var counts = { all: rows.length };
    rows.forEach(function (r) { var k = statusKey(r); counts[k] = (counts[k] || 0) + 1; });
    Array.prototype.forEach.call(tabButtons(), function (b) {
      var key = b.getAttribute('data-tab');
      var n = counts[key] || 0;
      b.querySelector('.count').textContent = '(' + n + ')';
      // An empty tab other than the default and "all" is left out.
      b.hidden = n === 0 && key !== 'fail' && key !== 'all';
    });
    var ruleSeen = present(function (r) { return r[RULE]; });
    rules.forEach(function (r, i) { if (ruleSeen[i]) option($('f-rule'), String(i), r.id + ' ' + r.title); });
    var typeSeen = present(typeOf);
    data.types.forEach(function (t, i) { if (typeSeen[i]) option($('f-type'), String(i), t); });
  }

  // Built on first search only: most people never type, and 100k lowercased strings cost memory.
  // Fingerprints are rebuilt only when a search term could be part of one (hex digits only).
  function searchText(i, withFingerprint) {
    if (!haystack) {
      haystack = new Array(rows.length);
      for (var j = 0; j < rows.length; j++) {
        var r = rows[j];
        var place = placeOf(r);
        haystack[j] = [ruleOf(r).id, titleOf(r), text(r[MSG]), arnOf(r), nameOf(r), data.types[typeOf(r)], place[0], place[1], field(r, SUB) || '', noteOf(r) || ''].join('\n').toLowerCase();
      }
    }
    return withFingerprint ? haystack[i] + '\n' + fingerprintOf(i) : haystack[i];
  }

  function applyFilters() {
    var q = state.q.trim().toLowerCase();
    var terms = q ? q.split(/\s+/) : [];
    var hexTerm = terms.some(function (t) { return /^[0-9a-f]+$/.test(t); });
    var sev = state.sev === '' ? -1 : Number(state.sev);
    var rule = state.rule === '' ? -1 : Number(state.rule);
    var type = state.type === '' ? -1 : Number(state.type);
    matches = [];
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      if (sev >= 0 && sevOf(r) !== sev) continue;
      if (rule >= 0 && r[RULE] !== rule) continue;
      if (type >= 0 && typeOf(r) !== type) continue;
      var key = statusKey(r);
      if (state.tab !== 'all' && key !== state.tab) continue;
      if (state.req && !(state.req.rules[r[RULE]] && (key === 'fail' || key === 'error' || (key === 'skip' && notCollected(r))))) continue;
      if (state.newOnly && !isNewRow(r)) continue;
      if (terms.length) {
        var hay = searchText(i, hexTerm);
        var ok = true;
        for (var t = 0; t < terms.length; t++) if (hay.indexOf(terms[t]) < 0) { ok = false; break; }
        if (!ok) continue;
      }
      matches.push(i);
    }
    state.page = 0;
    draw();
  }

  function draw() {
    var pages = Math.max(1, Math.ceil(matches.length / state.size));
    if (state.page >= pages) state.page = pages - 1;
    var start = state.page * state.size;
    var end = Math.min(matches.length, start + state.size);
    var body = $('findings-body');
    var fragment = document.createDocumentFragment();
    for (var k = start; k < end; k++) {
      fragment.appendChild(rowElement(matches[k]));
      if (matches[k] === selected) fragment.appendChild(detailRow(selected));
    }
    body.replaceChildren(fragment);
    $('p-status').textContent = matches.length === 0
      ? (state.tab === 'fail' && !state.req && !state.q && state.sev === '' && state.rule === '' && state.type === '' && !state.newOnly
        ? 'No open failing findings: see the other tabs (' + rows.length + ' in the report)'
        : 'No findings match (' + rows.length + ' in the report)')
      : (start + 1) + '–' + end + ' of ' + matches.length + ' matching · page ' + (state.page + 1) + ' of ' + pages;
    $('p-prev').disabled = state.page === 0;
    $('p-next').disabled = state.page >= pages - 1;
    document.body.setAttribute('data-ready', '1');
  }

  function rowElement(i) {
    var r = rows[i];
    var tr = document.createElement('tr');
    tr.tabIndex = 0;
    tr.setAttribute('data-index', String(i));
    if (i === selected) tr.className = 'selected';
    var sev = data.severities[sevOf(r)];
    tr.appendChild(labelled(el('td', 'sev sev-' + sev, sev), 'Severity'));
    var st = statusKey(r);
    tr.appendChild(labelled(el('td', 'status-' + st, st), 'Status'));
    var ruleCell = el('td', 'nowrap');
    if (isNewRow(r)) ruleCell.appendChild(el('span', 'tag-new', 'NEW'));
    if (lastKnownOf(r) !== null) ruleCell.appendChild(el('span', 'tag-last-known', 'LAST-KNOWN'));
    ruleCell.appendChild(el('span', '', ruleOf(r).id));
    tr.appendChild(labelled(ruleCell, 'Rule'));
    var res = el('td');
    var sub = field(r, SUB);
    res.appendChild(el('div', '', data.types[typeOf(r)] + ' ' + nameOf(r) + (sub ? ' [' + sub + ']' : '')));
    tr.appendChild(labelled(res, 'Resource'));
    var place = placeOf(r);
    tr.appendChild(labelled(el('td', 'nowrap', place[0] + ' ' + place[1]), 'Account / region'));
    tr.appendChild(labelled(el('td', '', text(r[MSG])), 'Message'));
    return tr;
  }

  // The label a phone-width layout shows before each cell (CSS attr()).
  function labelled(td, label) { td.setAttribute('data-label', label); return td; }

  function dlRow(dl, label, value) {
    if (value === undefined || value === null || value === '') return;
    dl.appendChild(el('dt', '', label));
    var dd = el('dd');
    dd.textContent = String(value).replace(HIDDEN, '');
    dl.appendChild(dd);
  }
  function pre(value) {
    return el('pre', '', typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  }
  function isWebUrl(url) { return /^https?:\/\/[^\s]+$/i.test(url); }

  function evidenceBlock(ev) {
    var box = el('div');
    if (!ev || typeof ev !== 'object') return box;
    var known = {};
    if (Array.isArray(ev.statements)) {
      known.statements = true;
      box.appendChild(el('h4', '', 'Offending policy statements'));
      ev.statements.forEach(function (s) {
        box.appendChild(el('p', 'note', (s && s.source ? s.source : 'policy') + (s && typeof s.index === 'number' ? ' · statement ' + s.index : '')));
        box.appendChild(pre(s && s.statement !== undefined ? s.statement : s));
      });
    }
    if (ev.version && typeof ev.version === 'object') {
      known.version = true;
      var v = ev.version;
      var cur = v.current ? v.current.major + '.' + v.current.minor : '?';
      var rec = v.recommended ? v.recommended.major + '.' + v.recommended.minor : 'unknown';
      box.appendChild(el('h4', '', 'Version lag'));
      box.appendChild(el('p', '', (v.templateName || 'template') + ': running ' + cur + ', recommended ' + rec +
        (v.behindMajor ? ' (behind a major version)' : v.behindMinor ? ' (behind a minor version)' : '')));
    }
    ['missingRequired', 'missing'].forEach(function (key) {
      var list = ev[key];
      if (!Array.isArray(list) || !list.every(function (k) { return typeof k === 'string'; })) return;
      known[key] = true;
      box.appendChild(el('h4', '', 'Missing tags'));
      var ul = el('ul');
      list.forEach(function (k) { ul.appendChild(el('li', '', k)); });
      box.appendChild(ul);
    });
    if (Array.isArray(ev.missingFromParent)) {
      known.missingFromParent = true;
      box.appendChild(el('h4', '', 'Tags the parent has and this resource lacks'));
      var pl = el('ul');
      ev.missingFromParent.forEach(function (m) {
        pl.appendChild(el('li', '', m && typeof m === 'object' ? m.key + ' (from ' + m.parentArn + ')' : String(m)));
      });
      box.appendChild(pl);
    }
    var rest = {};
    var restCount = 0;
    Object.keys(ev).forEach(function (k) { if (!known[k]) { rest[k] = ev[k]; restCount++; } });
    if (restCount) {
      box.appendChild(el('h4', '', restCount === Object.keys(ev).length ? 'Evidence' : 'More evidence'));
      box.appendChild(pre(rest));
    }
    return box;
  }

  // The detail opens as a row right under the finding, so it is read where it was clicked.
  function detailRow(i) {
    var r = rows[i];
    var rule = ruleOf(r);
    var place = placeOf(r);
    var tr = el('tr', 'detail-row');
    tr.id = 'detail';
    var td = el('td');
    td.colSpan = 6;
    var head = el('div', 'detail-head');
    head.appendChild(el('h3', '', rule.id + ' · ' + titleOf(r)));
    var close = el('button', 'close', 'Close');
    close.type = 'button';
    close.id = 'd-close';
    close.addEventListener('click', function (e) { e.stopPropagation(); selected = -1; draw(); });
    head.appendChild(close);
    td.appendChild(head);
    var dl = el('dl');
    dl.appendChild(el('dt', '', 'Severity'));
    var sevName = data.severities[sevOf(r)];
    dl.appendChild(el('dd', 'sev sev-' + sevName, sevName));
    dlRow(dl, 'Status', statusKey(r) + (isNewRow(r) ? ' (new since the baseline)' : ''));
    dlRow(dl, 'Message', text(r[MSG]));
    if (lastKnownOf(r) !== null) dlRow(dl, 'Data', 'last-known AWS Proton records, as of ' + lastKnownOf(r) + ' (not collected with this snapshot)');
    dlRow(dl, 'Resource', data.types[typeOf(r)] + ' ' + nameOf(r));
    dlRow(dl, 'ARN', arnOf(r));
    dlRow(dl, 'Account', place[0]);
    dlRow(dl, 'Region', place[1]);
    dlRow(dl, 'Sub-key', field(r, SUB));
    dlRow(dl, data.statuses[r[STATUS]] === 'error' ? 'Error' : 'Skip reason', noteOf(r));
    dlRow(dl, 'Fingerprint', fingerprintOf(i));
    dlRow(dl, 'Compliance', rule.compliance);
    if (waiverOf(r) >= 0) {
      var w = data.waivers[waiverOf(r)] || {};
      dlRow(dl, 'Waived by', w.owner + ' until ' + w.expires + (w.ticket ? ' (' + w.ticket + ')' : ''));
      dlRow(dl, 'Waiver reason', w.reason);
      dlRow(dl, 'Waiver scope', w.rule + ' on ' + w.resource);
    }
    td.appendChild(dl);
    var evidence = evidenceOf(r);
    if (evidence) td.appendChild(evidenceBlock(evidence));
    var rem = field(r, REMEDIATION) || rule.remediation || {};
    td.appendChild(el('h4', '', 'Remediation'));
    td.appendChild(el('p', '', rem.text || ''));
    if (rem.cli) {
      td.appendChild(el('p', 'note', 'CLI'));
      td.appendChild(pre(rem.cli));
    }
    if (rem.iac) {
      td.appendChild(el('p', 'note', 'Infrastructure as code'));
      td.appendChild(pre(rem.iac));
    }
    if (rule.rationale) {
      td.appendChild(el('h4', '', 'Why it matters'));
      td.appendChild(el('p', '', rule.rationale));
    }
    if (rule.references && rule.references.length) {
      td.appendChild(el('h4', '', 'References'));
      var ul = el('ul');
      rule.references.forEach(function (ref) {
        var li = el('li');
        if (isWebUrl(ref.url)) {
          var a = el('a', '', ref.title);
          a.href = ref.url;
          a.rel = 'noopener noreferrer';
          a.target = '_blank';
          li.appendChild(a);
        } else {
          li.appendChild(el('span', '', ref.title + ' (' + ref.url + ')'));
        }
        ul.appendChild(li);
      });
      td.appendChild(ul);
    }
    if (data.ruleDocsBase) td.appendChild(el('p', 'note', 'Rule documentation: ' + data.ruleDocsBase + rule.id + '.md'));
    tr.appendChild(td);
    return tr;
  }

  function showDetail(i) {
    selected = selected === i ? -1 : i;
    draw();
  }

  function onRowActivate(event) {
    var tr = event.target && event.target.closest ? event.target.closest('tr[data-index]') : null;
    if (event.target && event.target.closest && event.target.closest('tr.detail-row')) return;
    if (!tr) return;
    if (event.type === 'keydown' && event.key !== 'Enter' && event.key !== ' ') return;
    if (event.type === 'keydown') event.preventDefault();
    showDetail(Number(tr.getAttribute('data-index')));
  }

  function selectTab(key) {
    state.tab = key;
    Array.prototype.forEach.call(tabButtons(), function (b) { b.setAttribute('aria-selected', b.getAttribute('data-tab') === key ? 'true' : 'false'); });
  }

  // ---------------------------------------------------------------- links into the findings

  function setRequirement(req) {
    state.req = req;
    $('req-filter').hidden = !req;
    $('req-filter-label').textContent = req ? req.label : '';
  }

  function showFindings() {
    var section = $('findings');
    if (section && section.scrollIntoView) section.scrollIntoView();
  }

  /** A requirement's "n findings" link: its rules' open failing, error and not-collected findings. */
  function openRequirement(fwIndex, reqIndex) {
    var fw = frameworks[fwIndex];
    var req = fw && fw.requirements[reqIndex];
    if (!req) return;
    var byId = {};
    rules.forEach(function (r, i) { byId[r.id] = i; });
    var set = {};
    req[4].forEach(function (id) { if (byId[id] !== undefined) set[byId[id]] = true; });
    setRequirement({ rules: set, label: fw.name + ' ' + req[0] + ' ' + req[2] });
    selectTab('all');
    applyFilters();
    showFindings();
  }

  /** A risky resource's link: its open failing findings, found by ARN. */
  function openResource(arn) {
    setRequirement(null);
    selectTab('fail');
    state.q = arn;
    $('f-search').value = arn;
    applyFilters();
    showFindings();
  }

  document.addEventListener('click', function (e) {
    var a = e.target && e.target.closest ? e.target.closest('a.req-link, a.arn-link') : null;
    if (!a) return;
    e.preventDefault();
    if (a.classList.contains('req-link')) openRequirement(Number(a.getAttribute('data-fw')), Number(a.getAttribute('data-req')));
    else openResource(a.getAttribute('data-arn') || '');
  });

  // ---------------------------------------------------------------- compliance panels

  var REQ_DEFAULT = 'fail';
  function panels() { return document.querySelectorAll('.fw-panel'); }

  function filterRequirements(panel, status) {
    panel.setAttribute('data-filter', status);
    var shown = 0;
    Array.prototype.forEach.call(panel.querySelectorAll('tbody tr[data-status]'), function (tr) {
      var on = status === 'all' || tr.getAttribute('data-status') === status;
      tr.hidden = !on;
      if (on) shown++;
    });
    Array.prototype.forEach.call(panel.querySelectorAll('.chip-btn'), function (b) {
      b.setAttribute('aria-pressed', b.getAttribute('data-status') === status ? 'true' : 'false');
    });
    panel.querySelector('.empty').hidden = shown > 0;
  }

  function selectFramework(index) {
    Array.prototype.forEach.call(panels(), function (p) { p.hidden = p.getAttribute('data-fw') !== String(index); });
    Array.prototype.forEach.call(document.querySelectorAll('#fw-tabs [data-fw]'), function (b) {
      b.setAttribute('aria-selected', b.getAttribute('data-fw') === String(index) ? 'true' : 'false');
    });
  }

  function setupCompliance() {
    Array.prototype.forEach.call(panels(), function (panel) {
      filterRequirements(panel, REQ_DEFAULT);
      Array.prototype.forEach.call(panel.querySelectorAll('.chip-btn'), function (b) {
        b.addEventListener('click', function () { filterRequirements(panel, b.getAttribute('data-status')); });
      });
      panel.querySelector('[data-export="requirements"]').addEventListener('click', function () { exportRequirements(panel); });
    });
    Array.prototype.forEach.call(document.querySelectorAll('#fw-tabs [data-fw]'), function (b) {
      b.addEventListener('click', function () { selectFramework(Number(b.getAttribute('data-fw'))); });
    });
    if (panels().length) selectFramework(0);
  }

  // ---------------------------------------------------------------- CSV export

  // The same cells as `--format csv` (RFC 4180, CRLF): a cell a spreadsheet would run as a
  // formula (= + - @ tab CR, or their full-width forms) gets a leading apostrophe.
  var FORMULA = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
  function csvCell(value) {
    var s = value === null || value === undefined ? '' : String(value);
    if (FORMULA.test(s)) s = "'" + s;
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  function csvLine(cells) { return cells.map(csvCell).join(',') + '\r\n'; }

  function download(name, text) {
    var blob = new Blob([text], { type: 'text/csv;charset=utf-8' });
    var a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
  }
  function stamp() { return String(data.evaluatedAt || '').replace(/[^0-9A-Za-z]+/g, '').slice(0, 15); }

  var FINDING_COLUMNS = ['fingerprint', 'status', 'waived', 'not_collected', 'severity', 'rule_id', 'rule_title', 'family', 'account_id', 'region',
    'resource_type', 'resource_name', 'resource_arn', 'message', 'reason', 'remediation', 'compliance'];

  /** Every finding the tab, filters and search select (all pages, not only the one shown). */
  function exportFindings() {
    var out = csvLine(FINDING_COLUMNS);
    for (var k = 0; k < matches.length; k++) {
      var i = matches[k];
      var r = rows[i];
      var rule = ruleOf(r);
      var place = placeOf(r);
      var status = data.statuses[r[STATUS]];
      out += csvLine([fingerprintOf(i), status, waiverOf(r) >= 0 ? 'true' : 'false', notCollected(r) ? 'true' : 'false', data.severities[sevOf(r)],
        rule.id, rule.title, rule.family || '', place[0], place[1], data.types[typeOf(r)], nameOf(r), arnOf(r), text(r[MSG]), noteOf(r) || '',
        status === 'fail' ? String((rule.remediation || {}).text || '').trim() : '', rule.compliance || '']);
    }
    download('proton-audit-findings-' + stamp() + '.csv', out);
  }

  /** The requirement rows the panel's status filter shows. */
  function exportRequirements(panel) {
    var fw = frameworks[Number(panel.getAttribute('data-fw'))];
    if (!fw) return;
    var out = csvLine(['framework', 'requirement', 'section', 'title', 'status', 'rules', 'findings', 'note']);
    Array.prototype.forEach.call(panel.querySelectorAll('tbody tr[data-req]'), function (tr) {
      if (tr.hidden) return;
      var req = fw.requirements[Number(tr.getAttribute('data-req'))];
      if (req) out += csvLine([fw.id, req[0], req[1], req[2], req[3], req[4].join(' '), String(req[5]), req[6] || '']);
    });
    download('proton-audit-' + fw.id + '-' + stamp() + '.csv', out);
  }

  setupCompliance();
  fillFilters();
  $('filters').addEventListener('submit', function (e) { e.preventDefault(); });
  $('f-search').addEventListener('input', function (e) { state.q = e.target.value; applyFilters(); });
  $('f-severity').addEventListener('change', function (e) { state.sev = e.target.value; applyFilters(); });
  Array.prototype.forEach.call(tabButtons(), function (b) {
    b.addEventListener('click', function () { selectTab(b.getAttribute('data-tab')); applyFilters(); });
  });
  $('req-clear').addEventListener('click', function () { setRequirement(null); selectTab('fail'); applyFilters(); });
  $('export-findings').addEventListener('click', exportFindings);
  $('f-rule').addEventListener('change', function (e) { state.rule = e.target.value; applyFilters(); });
  $('f-type').addEventListener('change', function (e) { state.type = e.target.value; applyFilters(); });
  var newOnly = $('f-new');
  if (newOnly) newOnly.addEventListener('change', function (e) { state.newOnly = e.target.checked; applyFilters(); });
  $('f-size').addEventListener('change', function (e) { state.size = Number(e.target.value) || 100; state.page = 0; draw(); });
  $('p-prev').addEventListener('click', function () { if (state.page > 0) { state.page--; draw(); } });
  $('p-next').addEventListener('click', function () { state.page++; draw(); });
  $('findings-body').addEventListener('click', onRowActivate);
  $('findings-body').addEventListener('keydown', onRowActivate);
  applyFilters();
})();
