// The refund claim page: sends the customer's address, then follows the refund until it is paid or cancelled.
(function () {
  'use strict';
  var root = document.getElementById('refund');
  if (!root) { return; }
  var claimId = root.dataset.claimId;
  var url = '/api/v1/public/refund-claims/' + encodeURIComponent(claimId);
  var TEXT = {
    awaiting_address: 'Give the address to refund to',
    awaiting_approval: 'Address received: waiting for the shop to approve the refund',
    approved: 'Refund on its way',
    broadcast: 'Refund on its way',
    confirmed: 'Refunded',
    failed: "The refund's transaction failed: the shop will retry it",
    cancelled: 'This refund was cancelled'
  };
  var FINAL = ['confirmed', 'cancelled'];

  function show(id, text) {
    var el = document.getElementById(id);
    if (!text) { el.hidden = true; return; }
    el.querySelector('code').textContent = text;
    el.hidden = false;
  }

  function render(claim) {
    root.dataset.status = claim.status;
    var status = document.getElementById('status');
    status.textContent = TEXT[claim.status];
    status.className = 'status status-' + claim.status;
    document.getElementById('claim-form').hidden = claim.status !== 'awaiting_address';
    show('refund-address', claim.address);
    show('refund-tx', claim.txHash);
  }

  function poll() {
    if (FINAL.indexOf(root.dataset.status) >= 0) { return; }
    fetch(url, { headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (claim) { if (claim) { render(claim); } })
      .catch(function () { /* the next poll tries again */ })
      .then(function () { setTimeout(poll, 3000); });
  }

  document.getElementById('claim-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var error = document.getElementById('claim-error');
    error.textContent = '';
    var button = document.getElementById('claim-submit');
    button.disabled = true;
    fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ address: document.getElementById('claim-address').value })
    }).then(function (r) {
      return r.json().then(function (body) { return { ok: r.ok, body: body }; });
    }).then(function (answer) {
      if (answer.ok) {
        render(answer.body);
      } else {
        var fields = answer.body.errors || [];
        error.textContent = fields.length ? fields.map(function (f) { return f.field + ' ' + f.message; }).join('; ')
          : (answer.body.detail || 'The address was not accepted.');
      }
    }).catch(function () {
      error.textContent = 'Could not reach Tally; please try again.';
    }).then(function () { button.disabled = false; });
  });

  setTimeout(poll, 3000);
})();
