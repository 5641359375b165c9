// The merchant dashboard. Every call goes to Tally's API with the HttpOnly session cookie (the browser sends it;
// this script never sees the key); state-changing calls repeat the CSRF token from the page.
(function () {
  'use strict';
  var app = document.getElementById('app');
  if (!app) { return; }
  var csrf = app.dataset.csrf;
  var invoiceCursor = null, settlementCursor = null;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') { node.textContent = attrs[k]; } else { node.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { node.appendChild(c); });
    return node;
  }

  function api(path, options) {
    options = options || {};
    options.credentials = 'same-origin';
    options.headers = Object.assign({ 'Accept': 'application/json' }, options.headers || {});
    return fetch(path, options).then(function (response) {
      if (response.status === 401) { window.location.assign('/dashboard'); throw new Error('signed out'); }
      return response.json().then(function (body) {
        if (!response.ok) { throw new Error(body.detail || ('HTTP ' + response.status)); }
        return body;
      });
    });
  }

  function day(offset) {
    var d = new Date(); d.setUTCDate(d.getUTCDate() + offset);
    return d.toISOString().slice(0, 10);
  }

  function time(iso) { return iso ? new Date(iso).toLocaleString() : '–'; }

  // ---------------------------------------------------------------- totals

  var totalsRendered = 0;

  function renderTotals(view) {
    var rendering = ++totalsRendered;
    var totals = document.getElementById('totals');
    totals.textContent = '';
    if (!view.assets.length) {
      totals.appendChild(el('div', { 'class': 'tile' }, [el('div', { 'class': 'k', text: 'No invoices yet' })]));
      return;
    }
    view.assets.forEach(function (a) {
      function tile(key, value, id) {
        totals.appendChild(el('div', { 'class': 'tile' }, [el('div', { 'class': 'k', text: key }),
          el('div', { 'class': 'v', id: id + '-' + a.asset, text: value })]));
      }
      tile('Gross volume (' + a.asset + ')', a.grossVolume, 'gross');
      tile('Fees (' + a.asset + ')', a.feesCollected, 'fees');
      tile('Net (' + a.asset + ')', a.net, 'net');
      tile('Invoices', String(a.invoices), 'invoices');
      tile('Paid invoices', String(a.paidInvoices), 'paid');
      tile('Conversion', (Number(a.conversionRate) * 100).toFixed(1) + ' %', 'conversion');
      tile('Last payment', time(a.lastPaymentAt), 'last-payment');
    });
    // Where the money is now (the ledger): settled and available, and money that pays no invoice.
    api('/api/v1/balances').then(function (balances) {
      if (rendering !== totalsRendered) { return; } // a newer rendering owns the tiles
      balances.balances.forEach(function (b) {
        totals.appendChild(el('div', { 'class': 'tile' }, [el('div', { 'class': 'k', text: 'Available (' + b.asset + ')' }),
          el('div', { 'class': 'v', id: 'available-' + b.asset, text: b.available })]));
        totals.appendChild(el('div', { 'class': 'tile' }, [el('div', { 'class': 'k', text: 'Final (' + b.asset + ')' }),
          el('div', { 'class': 'v', id: 'final-' + b.asset, text: b['final'] })]));
        totals.appendChild(el('div', { 'class': 'tile' }, [el('div', { 'class': 'k', text: 'Unapplied funds (' + b.asset + ')' }),
          el('div', { 'class': 'v', id: 'unapplied-' + b.asset, text: b.unapplied })]));
      });
    }).catch(function () { /* balances need settlements:read; the totals above stand alone */ });
  }

  // ---------------------------------------------------------------- needs attention

  function renderAttention() {
    return api('/api/v1/dashboard/attention').then(function (attention) {
      var section = document.getElementById('attention');
      var list = document.getElementById('attention-items');
      list.textContent = '';
      attention.items.forEach(function (item) {
        list.appendChild(el('li', { 'class': 'attention-item', 'data-kind': item.kind }, [
          el('span', { 'class': 'when', text: time(item.openedAt) + ' ' }),
          el('span', { text: item.reason })]));
      });
      section.hidden = attention.items.length === 0;
    }).catch(function () { /* the list needs reports:read, as the totals do */ });
  }

  // ---------------------------------------------------------------- chart

  function renderChart() {
    var from = day(-29), to = day(0);
    document.getElementById('csv-daily').href =
      '/api/v1/reports/daily-settlements?format=csv&from=' + from + '&to=' + to;
    document.getElementById('csv-confirmations').href =
      '/api/v1/reports/confirmation-stats?format=csv&from=' + from + '&to=' + to;
    return api('/api/v1/reports/daily-settlements?from=' + from + '&to=' + to).then(function (report) {
      var byDay = {};
      report.items.forEach(function (m) { byDay[m.date] = (byDay[m.date] || 0) + Number(m.grossVolume); });
      var days = [];
      for (var i = -29; i <= 0; i++) { days.push(day(i)); }
      var max = Math.max.apply(null, days.map(function (d) { return byDay[d] || 0; }).concat([1]));
      var ns = 'http://www.w3.org/2000/svg', w = 600, h = 160, bw = w / days.length;
      var svg = document.createElementNS(ns, 'svg');
      svg.setAttribute('viewBox', '0 0 ' + w + ' ' + (h + 20));
      svg.setAttribute('class', 'chart');
      svg.setAttribute('id', 'volume-chart');
      svg.setAttribute('role', 'img');
      svg.setAttribute('aria-label', 'Gross settled volume per day');
      days.forEach(function (d, i) {
        var v = byDay[d] || 0, bh = v / max * h;
        var bar = document.createElementNS(ns, 'rect');
        bar.setAttribute('class', 'bar');
        bar.setAttribute('x', i * bw + 1); bar.setAttribute('width', bw - 2);
        bar.setAttribute('y', h - bh); bar.setAttribute('height', bh);
        bar.setAttribute('data-date', d); bar.setAttribute('data-volume', v.toFixed(2));
        var title = document.createElementNS(ns, 'title');
        title.textContent = d + ': ' + v.toFixed(2);
        bar.appendChild(title);
        svg.appendChild(bar);
        if ((days.length - 1 - i) % 7 === 0) {
          var label = document.createElementNS(ns, 'text');
          label.setAttribute('class', 'axis'); label.setAttribute('x', i * bw); label.setAttribute('y', h + 14);
          label.textContent = d.slice(5);
          svg.appendChild(label);
        }
      });
      var chart = document.getElementById('chart');
      chart.textContent = '';
      chart.appendChild(svg);
    });
  }

  // ---------------------------------------------------------------- invoices

  function loadInvoices(append) {
    var params = new URLSearchParams({ limit: '10' });
    var status = document.getElementById('status-filter').value;
    var order = document.getElementById('order-filter').value.trim();
    if (status) { params.set('status', status); }
    if (order) { params.set('orderId', order); }
    if (append && invoiceCursor) { params.set('cursor', invoiceCursor); }
    return api('/api/v1/invoices?' + params).then(function (page) {
      var body = document.querySelector('#invoices tbody');
      if (!append) { body.textContent = ''; }
      page.items.forEach(function (inv) {
        var row = el('tr', { 'class': 'clickable', 'data-invoice-id': inv.id }, [
          el('td', { text: time(inv.createdAt) }), el('td', { text: inv.id }), el('td', { text: inv.orderId }),
          el('td', { text: inv.amount + ' ' + inv.asset }), el('td', { 'class': 'invoice-status', text: inv.status })]);
        row.addEventListener('click', function () { showInvoice(inv.id); });
        body.appendChild(row);
      });
      invoiceCursor = page.nextCursor;
      document.getElementById('more-invoices').hidden = !invoiceCursor;
    });
  }

  function showInvoice(id) {
    return api('/api/v1/invoices/' + encodeURIComponent(id)).then(function (inv) {
      var detail = document.getElementById('invoice-detail');
      detail.textContent = '';
      detail.hidden = false;
      detail.appendChild(el('h3', { text: 'Invoice ' + inv.id }));
      detail.appendChild(el('p', { text: inv.amount + ' ' + inv.asset + ' on ' + inv.chain + ' · ' + inv.status +
        ' · expires ' + time(inv.expiresAt) + ' · ' + inv.requiredConfirmations + ' confirmations required' }));
      detail.appendChild(el('p', {}, [el('a', { href: '/pay/' + inv.id, target: '_blank', rel: 'noopener',
        text: 'Payment page' })]));
      var rows = inv.payments.map(function (p) {
        return el('tr', {}, [el('td', { text: time(p.detectedAt) }), el('td', { text: p.amount }),
          el('td', { text: p.status }), el('td', { text: p.confirmations + '/' + p.requiredConfirmations }),
          el('td', { 'class': 'tx', text: p.txHash })]);
      });
      detail.appendChild(el('table', { id: 'payments' }, [
        el('thead', {}, [el('tr', {}, ['Detected', 'Amount', 'Status', 'Confirmations', 'Transaction']
          .map(function (h) { return el('th', { text: h }); }))]),
        el('tbody', {}, rows.length ? rows : [el('tr', {}, [el('td', { colspan: '5', text: 'No payments yet' })])])]));
    });
  }

  // ---------------------------------------------------------------- settlements

  function loadSettlements(append) {
    var params = new URLSearchParams({ limit: '10' });
    if (append && settlementCursor) { params.set('cursor', settlementCursor); }
    return api('/api/v1/settlements?' + params).then(function (page) {
      var body = document.querySelector('#settlements tbody');
      if (!append) { body.textContent = ''; }
      page.items.forEach(function (s) {
        body.appendChild(el('tr', { 'data-settlement-id': s.id }, [el('td', { text: time(s.createdAt) }),
          el('td', { text: s.invoiceId }), el('td', { 'class': 'gross', text: s.grossAmount }),
          el('td', { 'class': 'fee', text: s.platformFeeAmount }),
          el('td', { text: s.platformFeePercentage + ' %' }), el('td', { 'class': 'net', text: s.netAmount }),
          el('td', { text: s.status })]));
      });
      settlementCursor = page.nextCursor;
      document.getElementById('more-settlements').hidden = !settlementCursor;
    });
  }

  // ---------------------------------------------------------------- payouts

  // A payout just requested is followed until the list shows it: the list is a view that may trail the answer.
  var payoutCursor = null, payoutFollow = null, requestedPayout = null;
  function loadPayouts(append) {
    var params = new URLSearchParams({ limit: '10' });
    if (append && payoutCursor) { params.set('cursor', payoutCursor); }
    return api('/api/v1/payouts?' + params).then(function (page) {
      var balances = document.getElementById('payout-balances');
      balances.textContent = page.balances.length === 0 ? 'Nothing to pay out yet.' : page.balances.map(function (b) {
        return b.asset + ': ' + b.available + ' available to pay out, ' + b.reserved + ' held by payouts, '
          + b.pending + ' settled but not yet final';
      }).join(' · ');
      var s = page.schedule;
      balances.textContent += s.kind === 'manual' ? ' · Payouts on request only.'
        : ' · Paid out ' + (s.kind === 'daily' ? 'daily when at least ' : 'once it reaches ') + s.amount + ' on ' + s.chain + '.';
      var body = document.querySelector('#payouts tbody');
      if (!append) { body.textContent = ''; }
      var open = requestedPayout !== null && !page.items.some(function (p) { return p.id === requestedPayout; });
      if (!open) { requestedPayout = null; }
      page.items.forEach(function (p) {
        open = open || p.status === 'pending' || p.status === 'broadcast';
        body.appendChild(el('tr', { 'data-payout-id': p.id }, [el('td', { text: time(p.createdAt) }),
          el('td', { text: p.id }), el('td', { 'class': 'payout-amount', text: p.amount
            + (p.networkFeeCharged && p.networkFeeCharged !== '0.00'
               ? ' (+ ' + p.networkFeeCharged + ' network fee)' : '') }),
          el('td', { text: p.destination }), el('td', { 'class': 'payout-status', text: p.status,
            title: p.trigger === 'manual' ? 'requested' : 'by the ' + p.trigger + ' schedule' }),
          el('td', { 'class': 'tx', text: p.txHash || (p.failureReason ? p.failureReason : '–') })]));
      });
      payoutCursor = page.nextCursor;
      document.getElementById('more-payouts').hidden = !payoutCursor;
      // Payouts on their way are followed until they are confirmed or failed.
      clearTimeout(payoutFollow);
      if (open) { payoutFollow = setTimeout(function () { loadPayouts(false); }, 1500); }
    }).catch(function () { document.getElementById('payouts-panel').hidden = true; /* needs payouts:read */ });
  }

  /** Shows a chain's payout address, replacing what the list showed for that chain. */
  function showPayoutAddress(a) {
    var list = document.getElementById('payout-addresses');
    var pending = new Date(a.effectiveAt) > new Date();
    var item = el('li', { 'data-chain': a.chain, text: a.chain + ': ' + a.address
      + (pending ? ' (from ' + time(a.effectiveAt) + '; until then ' + (a.previous || 'none') + ')' : '') });
    var shown = list.querySelector('li[data-chain="' + a.chain + '"]');
    if (shown) { list.replaceChild(item, shown); } else { list.appendChild(item); }
  }

  function loadPayoutAddresses() {
    return api('/api/v1/payout-addresses').then(function (addresses) {
      addresses.forEach(showPayoutAddress);
    }).catch(function () { /* needs payouts:read */ });
  }

  document.getElementById('payout-address').addEventListener('submit', function (e) {
    e.preventDefault();
    var form = e.target, result = document.getElementById('payout-result');
    api('/api/v1/payout-addresses/' + encodeURIComponent(form.payoutAddressChain.value), { method: 'PUT',
      body: JSON.stringify({ address: form.payoutAddress.value.trim() }),
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf } })
      .then(function (a) {
        result.textContent = 'Payout address on ' + a.chain + ' set: ' + a.address
          + (new Date(a.effectiveAt) > new Date() ? ', in effect from ' + time(a.effectiveAt) : '');
        form.reset();
        showPayoutAddress(a); // the answer itself: the list's view may trail it
      }, function (error) { result.textContent = 'Not set: ' + error.message; });
  });

  document.getElementById('new-payout').addEventListener('submit', function (e) {
    e.preventDefault();
    var form = e.target, result = document.getElementById('payout-result');
    var key = (window.crypto && crypto.randomUUID) ? crypto.randomUUID() : String(Date.now()) + Math.random();
    api('/api/v1/payouts', { method: 'POST',
      body: JSON.stringify({ chain: form.payoutChain.value, amount: form.payoutAmount.value.trim() }),
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf, 'Idempotency-Key': key } })
      .then(function (p) {
        result.textContent = 'Payout ' + p.id + ' of ' + p.amount + ' requested to ' + p.destination;
        result.setAttribute('data-payout-id', p.id);
        requestedPayout = p.id;
        form.reset();
        loadPayouts(false);
      }, function (error) { result.textContent = 'Not requested: ' + error.message; });
  });

  document.getElementById('more-payouts').addEventListener('click', function () { loadPayouts(true); });

  // ---------------------------------------------------------------- refunds

  // Refunds not yet paid or cancelled are followed; a refund just requested until the list shows it.
  var refundCursor = null, refundFollow = null, requestedRefund = null;
  var REFUND_DONE = ['confirmed', 'cancelled'];
  function refundAction(r) {
    var actions = { awaiting_approval: 'Approve', failed: 'Retry' };
    if (!actions[r.status]) { return el('span', { text: '' }); }
    var button = el('button', { type: 'button', 'class': 'refund-action', text: actions[r.status] });
    button.addEventListener('click', function () {
      var path = '/api/v1/refunds/' + encodeURIComponent(r.id) + (r.status === 'failed' ? '/retry' : '/approve');
      button.disabled = true;
      api(path, { method: 'POST', headers: { 'X-CSRF-Token': csrf } }).then(function () { loadRefunds(false); },
        function (error) { document.getElementById('refund-result').textContent = error.message; });
    });
    return button;
  }

  function loadRefunds(append) {
    var params = new URLSearchParams({ limit: '10' });
    if (append && refundCursor) { params.set('cursor', refundCursor); }
    return api('/api/v1/refunds?' + params).then(function (page) {
      var body = document.querySelector('#refunds tbody');
      if (!append) { body.textContent = ''; }
      var open = requestedRefund !== null && !page.data.some(function (r) { return r.id === requestedRefund; });
      if (!open) { requestedRefund = null; }
      page.data.forEach(function (r) {
        open = open || REFUND_DONE.indexOf(r.status) < 0;
        var to = r.address || (r.claimUrl ? window.location.origin + r.claimUrl : '–');
        body.appendChild(el('tr', { 'data-refund-id': r.id }, [el('td', { text: time(r.createdAt) }),
          el('td', { text: r.id }), el('td', { text: r.invoiceId }), el('td', { 'class': 'refund-amount', text: r.amount }),
          el('td', { text: r.feeReversed }), el('td', { 'class': 'refund-to', text: to }),
          el('td', { 'class': 'refund-status', text: r.status.replace(/_/g, ' ') }, [refundAction(r)]),
          el('td', { 'class': 'tx', text: r.txHash || r.failureReason || '–' })]));
      });
      refundCursor = page.nextCursor;
      document.getElementById('more-refunds').hidden = !refundCursor;
      clearTimeout(refundFollow);
      if (open) { refundFollow = setTimeout(function () { loadRefunds(false); }, 1500); }
    }).catch(function () { document.getElementById('refunds-panel').hidden = true; /* needs refunds:read */ });
  }

  document.getElementById('new-refund').addEventListener('submit', function (e) {
    e.preventDefault();
    var form = e.target, result = document.getElementById('refund-result');
    var body = { amount: form.refundAmount.value.trim() };
    if (form.refundAddress.value.trim()) { body.address = form.refundAddress.value.trim(); }
    if (form.refundReason.value.trim()) { body.reason = form.refundReason.value.trim(); }
    var key = (window.crypto && crypto.randomUUID) ? crypto.randomUUID() : String(Date.now()) + Math.random();
    api('/api/v1/invoices/' + encodeURIComponent(form.refundInvoice.value.trim()) + '/refunds', { method: 'POST',
      body: JSON.stringify(body),
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf, 'Idempotency-Key': key } })
      .then(function (r) {
        result.textContent = 'Refund ' + r.id + ' of ' + r.amount + ' (' + r.feeReversed + ' of it the fee given back): '
          + (r.claimUrl ? 'claim link ' + window.location.origin + r.claimUrl : 'to ' + r.address);
        result.setAttribute('data-refund-id', r.id);
        if (r.claimUrl) { result.setAttribute('data-claim-url', r.claimUrl); }
        requestedRefund = r.id;
        form.reset();
        loadRefunds(false);
      }, function (error) { result.textContent = 'Not refunded: ' + error.message; });
  });

  document.getElementById('more-refunds').addEventListener('click', function () { loadRefunds(true); });

  // ---------------------------------------------------------------- new invoice

  document.getElementById('new-invoice').addEventListener('submit', function (e) {
    e.preventDefault();
    var form = e.target, created = document.getElementById('created');
    var body = { amount: form.amount.value.trim(), asset: 'USDT', chain: form.chain.value,
                 orderId: form.orderId.value.trim() };
    if (form.description.value.trim()) { body.description = form.description.value.trim(); }
    var key = (window.crypto && crypto.randomUUID) ? crypto.randomUUID() : String(Date.now()) + Math.random();
    api('/api/v1/invoices', { method: 'POST', body: JSON.stringify(body), headers: {
      'Content-Type': 'application/json', 'X-CSRF-Token': csrf, 'Idempotency-Key': key } })
      .then(function (inv) {
        created.textContent = 'Created ' + inv.id + ': ';
        created.appendChild(el('a', { id: 'created-link', href: '/pay/' + inv.id, target: '_blank', rel: 'noopener',
          'data-invoice-id': inv.id, text: 'open the payment page' }));
        form.reset();
        loadInvoices(false);
      }, function (error) { created.textContent = 'Not created: ' + error.message; });
  });

  document.getElementById('apply-filters').addEventListener('click', function () { loadInvoices(false); });
  document.getElementById('more-invoices').addEventListener('click', function () { loadInvoices(true); });
  document.getElementById('more-settlements').addEventListener('click', function () { loadSettlements(true); });

  // ---------------------------------------------------------------- live

  var refreshing = null, followUp = null;
  function refreshLists() {
    // Coalesce bursts of updates into one reload of the lists and the chart. The lists are other read models than
    // the totals and may trail them by a moment, so a second reload follows shortly after.
    if (!refreshing) {
      refreshing = setTimeout(function () {
        refreshing = null;
        loadInvoices(false); loadSettlements(false); renderChart(); loadPayouts(false);
      }, 300);
    }
    clearTimeout(followUp);
    followUp = setTimeout(function () {
      loadInvoices(false); loadSettlements(false); renderChart(); loadPayouts(false);
    }, 2500);
  }

  api('/api/v1/dashboard').then(renderTotals);
  loadInvoices(false); loadSettlements(false); renderChart(); renderAttention();
  loadPayouts(false); loadPayoutAddresses(); loadRefunds(false);

  if (window.EventSource) {
    var live = document.getElementById('live');
    var events = new EventSource('/api/v1/dashboard/stream');
    events.addEventListener('open', function () { live.textContent = 'live'; live.classList.add('on'); });
    events.addEventListener('error', function () { live.textContent = 'reconnecting…'; live.classList.remove('on'); });
    events.addEventListener('dashboard', function (e) {
      renderTotals(JSON.parse(e.data)); renderAttention(); refreshLists();
    });
  }
})();
