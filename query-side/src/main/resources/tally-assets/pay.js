// The payment page: countdown, copy button and the live status from the invoice's event stream.
(function () {
  'use strict';
  var root = document.getElementById('invoice');
  if (!root) { return; }
  var id = root.dataset.invoiceId;
  var expiresAt = Date.parse(root.dataset.expiresAt);
  var FINAL = ['SETTLED', 'EXPIRED', 'CANCELLED', 'PARTIALLY_REFUNDED', 'REFUNDED'];
  var TEXT = {
    PENDING: ['Awaiting payment', 'Scan the code or copy the address into your wallet.'],
    CONFIRMING: ['Payment detected, confirming', 'We have seen your payment on the network and wait for its confirmations.'],
    UNDERPAID: ['Partly paid', 'We received less than the amount; please send the rest before the time runs out.'],
    PAID: ['Paid', 'Thank you: your payment is complete. You can close this page.'],
    PAID_LATE: ['Received late', 'Your payment arrived after this invoice expired. The shop will either accept it or refund it; do not send anything more.'],
    EXPIRED: ['Expired', 'This invoice expired before it was paid. Do not send funds to this address; ask the shop for a new invoice.'],
    CANCELLED: ['Cancelled', 'The shop cancelled this invoice. Do not send funds to this address.'],
    REFUNDED: ['Refunded', 'This payment was refunded by the shop.']
  };
  TEXT.OVERPAID = TEXT.PAID; TEXT.SETTLED = TEXT.PAID;
  TEXT.PARTIALLY_REFUNDED = TEXT.REFUNDED;
  var status = root.dataset.status;

  function paidLike(s) { return ['PAID', 'OVERPAID', 'PAID_LATE', 'SETTLED'].indexOf(s) >= 0; }

  function render(invoice) {
    status = invoice.status;
    root.dataset.status = status;
    var el = document.getElementById('status');
    el.textContent = TEXT[status][0];
    el.className = 'status status-' + status.toLowerCase();
    document.getElementById('explanation').textContent = TEXT[status][1];
    var progress = document.getElementById('confirmations');
    progress.max = invoice.requiredConfirmations;
    progress.value = invoice.confirmations;
    document.getElementById('confirmations-text').textContent =
      invoice.confirmations + ' of ' + invoice.requiredConfirmations + ' confirmations';
    document.getElementById('amount-paid').textContent = invoice.amountPaid;
    root.classList.toggle('is-final', FINAL.indexOf(status) >= 0 || paidLike(status));
  }

  function tick() {
    var el = document.getElementById('countdown');
    if (paidLike(status) || FINAL.indexOf(status) >= 0) { el.textContent = '–'; return; }
    var left = Math.max(0, Math.floor((expiresAt - Date.now()) / 1000));
    var m = Math.floor(left / 60), s = left % 60;
    el.textContent = m + ':' + (s < 10 ? '0' : '') + s;
  }

  document.getElementById('copy').addEventListener('click', function () {
    var address = document.getElementById('address').textContent;
    var button = this;
    function done() { button.textContent = 'Copied'; setTimeout(function () { button.textContent = 'Copy'; }, 2000); }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(address).then(done, function () { select(); });
    } else { select(); }
    function select() {
      var range = document.createRange();
      range.selectNodeContents(document.getElementById('address'));
      var selection = window.getSelection();
      selection.removeAllRanges(); selection.addRange(range);
      try { document.execCommand('copy'); done(); } catch (e) { /* selected for manual copy */ }
    }
  });

  root.classList.toggle('is-final', FINAL.indexOf(status) >= 0 || paidLike(status));
  tick();
  setInterval(tick, 1000);

  if (FINAL.indexOf(status) < 0 && window.EventSource) {
    var events = new EventSource('/api/v1/public/invoices/' + encodeURIComponent(id) + '/stream');
    events.addEventListener('invoice', function (e) { render(JSON.parse(e.data)); });
    events.addEventListener('end', function () { events.close(); });
  }
})();
