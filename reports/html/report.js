// proton-audit HTML report: status tabs, filters, search, paging and finding detail over the
// embedded JSON; the compliance panels' filters; links from requirements and risky resources to
// their findings; CSV export of what is shown. Every value from the data goes into the page
// through textContent or a property, never markup, and only one page of rows exists in the DOM.
(function () {
  'use strict';
  var dataEl = document.getElementById('report-data');
  if (!dataEl) return;
  var data = JSON.parse(dataEl.textContent || '{}');
  // The data is the result's compact shape (html-data.ts in the source): each resource once,
  // then per status and rule a group [rule, status, entries] in the contract order. An entry is
  // a resource index (a pass saying the rule's title) or a row read by these positions; a missing
  // trailing field is null, and a null message is the status's usual one.
  var RES = 0, MSG = 1, SUB = 2, EVIDENCE = 3, NOTE = 4, WAIVER = 5, NEW = 6, LAST_KNOWN = 7, NOT_COLLECTED = 8;
  var R_PLACE = 0, R_ARN = 1, R_TYPE = 2, R_NAME = 3;
  var rules = data.rules || [];
  var places = data.places || [];
  var resources = data.resources || [];
  var groups = data.groups || [];
  var strings = data.strings || [];
  var frameworks = data.frameworks || [];
  var PASS = data.statuses.indexOf('pass'), SKIP = data.statuses.indexOf('skip'), FAIL = data.statuses.indexOf('fail');
  // A finding is known by its position in the contract order (data-index); starts[g] is the
  // position of group g's first entry.
  var starts = new Int32Array(groups.length + 1);
  for (var gi = 0; gi < groups.length; gi++) starts[gi + 1] = starts[gi] + groups[gi][2].length;
  var total = starts[groups.length];
  // The default view lists open failing findings only; skips, errors, waivers and passes have tabs.
  var state = { q: '', sev: '', tab: 'fail', rule: '', type: '', newOnly: false, req: null, page: 0, size: 100 };
  var matches = new Int32Array(0);
  var matchCount = 0;
  var fingerprints = null;
  var selected = -1;

  /** The finding at position i, expanded: only for what is drawn or exported. */
  function at(i) {
    var lo = 0, hi = groups.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= i) lo = mid; else hi = mid - 1;
    }
    var g = groups[lo];
    return { i: i, rule: g[0], status: g[1], e: g[2][i - starts[lo]] };
  }
  function field(f, k) {
    if (typeof f.e === 'number') return k === RES ? f.e : null;
    var v = f.e[k];
    return v === undefined ? null : v;
  }
  function text(v) { return typeof v === 'number' ? strings[v] : v; }
  function ruleOf(f) { return rules[f.rule] || { id: '?', title: '', severity: 0, type: -1, references: [], remediation: { text: '' } }; }
  function resourceOf(f) { return resources[field(f, RES)] || [0, '', -1]; }
  function sevOf(f) { return ruleOf(f).severity; }
  function typeOf(f) { return resourceOf(f)[R_TYPE]; }
  function placeOf(f) { return places[resourceOf(f)[R_PLACE]] || ['', '', '']; }
  function arnOf(f) { return placeOf(f)[2] + resourceOf(f)[R_ARN]; }
  function nameFromArn(arn) {
    var slash = arn.lastIndexOf('/');
    return arn.slice((slash >= 0 ? slash : arn.lastIndexOf(':')) + 1);
  }
  function nameOf(f) {
    var v = resourceOf(f)[R_NAME];
    return v === undefined || v === null ? nameFromArn(arnOf(f)) : v;
  }
  function noteOf(f) { var v = field(f, NOTE); return v === null ? null : text(v); }
  function usualMessage(rule, status, note) {
    if (status === PASS) return rule.title + '.';
    if (status === SKIP && note !== null) return ('Skipped: ' + note + '.').replace(/\.\.$/, '.');
    return '';
  }
  function messageOf(f) { var v = field(f, MSG); return v === null ? usualMessage(ruleOf(f), f.status, noteOf(f)) : text(v); }
  function evidenceOf(f) { var v = field(f, EVIDENCE); return v === null ? null : data.evidence[v]; }
  function waiverOf(f) { var v = field(f, WAIVER); return v === null ? -1 : v; }
  function titleOf(f) { return ruleOf(f).title; }
  function isNewRow(f) { return field(f, NEW) === 1; }
  function lastKnownOf(f) { return field(f, LAST_KNOWN); }
  function notCollected(f) { return field(f, NOT_COLLECTED) === 1; }

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
  function fingerprintOf(f) {
    if (!fingerprints) fingerprints = new Map();
    var fp = fingerprints.get(f.i);
    if (fp === undefined) {
      fp = sha256Hex(ruleOf(f).id + '\n' + arnOf(f) + '\n' + (field(f, SUB) || ''));
      fingerprints.set(f.i, fp);
    }
    return fp;
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
  function statusKey(f) {
    var s = data.statuses[f.status];
    return s === 'fail' && waiverOf(f) >= 0 ? 'waived' : s;
  }
  function option(select, value, label) {
    var o = document.createElement('option');
    o.value = value;
    o.textContent = label;
    select.appendChild(o);
  }
  function raw(e, k) {
    if (typeof e === 'number') return k === RES ? e : null;
    var v = e[k];
    return v === undefined ? null : v;
  }

  function tabButtons() { return document.querySelectorAll('#status-tabs [data-tab]'); }

  // One pass over the groups: what the filters offer and each tab's count, without expanding
  // a single finding.
  function fillFilters() {
    var sevSeen = {}, ruleSeen = {}, typeSeen = {};
    var counts = { all: total };
    for (var g = 0; g < groups.length; g++) {
      var grp = groups[g], entries = grp[2];
      if (!entries.length) continue;
      sevSeen[(rules[grp[0]] || { severity: 0 }).severity] = true;
      ruleSeen[grp[0]] = true;
      if (grp[1] === FAIL) {
        for (var k = 0; k < entries.length; k++) {
          var key = raw(entries[k], WAIVER) === null ? 'fail' : 'waived';
          counts[key] = (counts[key] || 0) + 1;
        }
      } else {
        var name = data.statuses[grp[1]];
        counts[name] = (counts[name] || 0) + entries.length;
      }
    }
    // The resource table holds exactly the resources of the findings listed.
    for (var r = 0; r < resources.length; r++) typeSeen[resources[r][R_TYPE]] = true;
    data.severities.forEach(function (s, i) { if (sevSeen[i]) option($('f-severity'), String(i), s); });
    Array.prototype.forEach.call(tabButtons(), function (b) {
      var key = b.getAttribute('data-tab');
      var n = counts[key] || 0;
      b.querySelector('.count').textContent = '(' + n + ')';
      // An empty tab other than the default and "all" is left out.
      b.hidden = n === 0 && key !== 'fail' && key !== 'all';
    });
    rules.forEach(function (r, i) { if (ruleSeen[i]) option($('f-rule'), String(i), r.id + ' ' + r.title); });
    data.types.forEach(function (t, i) { if (typeSeen[i]) option($('f-type'), String(i), t); });
  }

  // Search: every term must be a substring of one of a finding's texts (rule id and title,
  // message, ARN, name, type, account, region, sub-key, skip reason or error, and the
  // fingerprint when a term could be part of one). What a rule or a resource says is matched
  // once per search, not once per finding; lowercased resource texts are kept after the first.
  var resourceHay = null;
  function resourceText(i) {
    if (!resourceHay) resourceHay = new Array(resources.length);
    var t = resourceHay[i];
    if (t === undefined) {
      var res = resources[i];
      var place = places[res[R_PLACE]] || ['', '', ''];
      var arn = place[2] + res[R_ARN];
      var name = res[R_NAME] === undefined || res[R_NAME] === null ? nameFromArn(arn) : res[R_NAME];
      t = resourceHay[i] = [arn, name, data.types[res[R_TYPE]], place[0], place[1]].join('\n').toLowerCase();
    }
    return t;
  }
  function ownText(grp, e) {
    var rule = rules[grp[0]] || { title: '' };
    var note = raw(e, NOTE);
    note = note === null ? null : text(note);
    var msg = raw(e, MSG);
    return [msg === null ? usualMessage(rule, grp[1], note) : text(msg), raw(e, SUB) || '', note || ''].join('\n').toLowerCase();
  }
  function searcher(terms, withFingerprint) {
    var ruleHit = terms.map(function (t) { return rules.map(function (r) { return (r.id + '\n' + r.title).toLowerCase().indexOf(t) >= 0; }); });
    var resHit = terms.map(function (t) {
      var hit = new Uint8Array(resources.length);
      for (var i = 0; i < resources.length; i++) if (resourceText(i).indexOf(t) >= 0) hit[i] = 1;
      return hit;
    });
    var plain = [];
    return function (g, k, e, res) {
      var grp = groups[g];
      var own = null;
      for (var t = 0; t < terms.length; t++) {
        if (ruleHit[t][grp[0]] || resHit[t][res]) continue;
        if (own === null) {
          // A plain pass says its rule's title: one text per group.
          if (typeof e === 'number') own = plain[g] === undefined ? (plain[g] = ownText(grp, e)) : plain[g];
          else own = ownText(grp, e);
        }
        if (own.indexOf(terms[t]) >= 0) continue;
        if (withFingerprint && fingerprintOf(at(starts[g] + k)).indexOf(terms[t]) >= 0) continue;
        return false;
      }
      return true;
    };
  }

  function applyFilters() {
    var q = state.q.trim().toLowerCase();
    var terms = q ? q.split(/\s+/) : [];
    var hexTerm = terms.some(function (t) { return /^[0-9a-f]+$/.test(t); });
    var sev = state.sev === '' ? -1 : Number(state.sev);
    var ruleF = state.rule === '' ? -1 : Number(state.rule);
    var type = state.type === '' ? -1 : Number(state.type);
    var search = terms.length ? searcher(terms, hexTerm) : null;
    if (matches.length < total) matches = new Int32Array(total);
    matchCount = 0;
    for (var g = 0; g < groups.length; g++) {
      var grp = groups[g], r = grp[0], st = grp[1], entries = grp[2];
      var name = data.statuses[st];
      // Whole groups first: severity, rule, status tab and requirement are the group's.
      if (sev >= 0 && (rules[r] || { severity: -1 }).severity !== sev) continue;
      if (ruleF >= 0 && r !== ruleF) continue;
      if (state.tab !== 'all' && !(state.tab === name || (state.tab === 'waived' && st === FAIL))) continue;
      if (state.req && !(state.req.rules[r] && (st === FAIL || name === 'error' || st === SKIP))) continue;
      var base = starts[g];
      for (var k = 0; k < entries.length; k++) {
        var e = entries[k];
        var res = typeof e === 'number' ? e : e[RES];
        if (type >= 0 && resources[res][R_TYPE] !== type) continue;
        if (st === FAIL) {
          var waived = raw(e, WAIVER) !== null;
          if (waived ? state.tab === 'fail' || state.req : state.tab === 'waived') continue;
        }
        if (state.req && st === SKIP && raw(e, NOT_COLLECTED) !== 1) continue;
        if (state.newOnly && raw(e, NEW) !== 1) continue;
        if (search && !search(g, k, e, res)) continue;
        matches[matchCount++] = base + k;
      }
    }
    state.page = 0;
    draw();
  }

  function draw() {
    var pages = Math.max(1, Math.ceil(matchCount / state.size));
    if (state.page >= pages) state.page = pages - 1;
    var start = state.page * state.size;
    var end = Math.min(matchCount, start + state.size);
    var body = $('findings-body');
    var fragment = document.createDocumentFragment();
    for (var k = start; k < end; k++) {
      var f = at(matches[k]);
      fragment.appendChild(rowElement(f));
      if (f.i === selected) fragment.appendChild(detailRow(f));
    }
    body.replaceChildren(fragment);
    $('p-status').textContent = matchCount === 0
      ? (state.tab === 'fail' && !state.req && !state.q && state.sev === '' && state.rule === '' && state.type === '' && !state.newOnly
        ? 'No open failing findings: see the other tabs (' + total + ' in the report)'
        : 'No findings match (' + total + ' in the report)')
      : (start + 1) + '–' + end + ' of ' + matchCount + ' matching · page ' + (state.page + 1) + ' of ' + pages;
    $('p-prev').disabled = state.page === 0;
    $('p-next').disabled = state.page >= pages - 1;
    document.body.setAttribute('data-ready', '1');
  }

  function rowElement(r) {
    var tr = document.createElement('tr');
    tr.tabIndex = 0;
    tr.setAttribute('data-index', String(r.i));
    if (r.i === selected) tr.className = 'selected';
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
    tr.appendChild(labelled(el('td', '', messageOf(r)), 'Message'));
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
  function detailRow(r) {
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
    dlRow(dl, 'Message', messageOf(r));
    if (lastKnownOf(r) !== null) dlRow(dl, 'Data', 'last-known AWS Proton records, as of ' + lastKnownOf(r) + ' (not collected with this snapshot)');
    dlRow(dl, 'Resource', data.types[typeOf(r)] + ' ' + nameOf(r));
    dlRow(dl, 'ARN', arnOf(r));
    dlRow(dl, 'Account', place[0]);
    dlRow(dl, 'Region', place[1]);
    dlRow(dl, 'Sub-key', field(r, SUB));
    dlRow(dl, data.statuses[r.status] === 'error' ? 'Error' : 'Skip reason', noteOf(r));
    dlRow(dl, 'Fingerprint', fingerprintOf(r));
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
    var rem = rule.remediation || {};
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
    for (var k = 0; k < matchCount; k++) {
      var r = at(matches[k]);
      var rule = ruleOf(r);
      var place = placeOf(r);
      var status = data.statuses[r.status];
      out += csvLine([fingerprintOf(r), status, waiverOf(r) >= 0 ? 'true' : 'false', notCollected(r) ? 'true' : 'false', data.severities[sevOf(r)],
        rule.id, rule.title, rule.family || '', place[0], place[1], data.types[typeOf(r)], nameOf(r), arnOf(r), messageOf(r), noteOf(r) || '',
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
