// debitwatch console: live updates of the incidents list (server-sent events) and operator
// actions sent as JSON with the session's CSRF token. No inline scripts: the CSP forbids them.
(function () {
  'use strict';

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute('content') : '';
  }

  function rowFor(event) {
    var tr = document.createElement('tr');
    tr.id = 'incident-' + event.incident.incident_id;
    tr.className = 'state-' + event.incident.state + ' fresh';
    event.cells.forEach(function (text, k) {
      var td = document.createElement('td');
      if (k === 0) {
        var a = document.createElement('a');
        a.href = '/incidents/' + encodeURIComponent(event.incident.incident_id);
        a.textContent = text;
        td.appendChild(a);
      } else {
        td.textContent = text;
      }
      tr.appendChild(td);
    });
    return tr;
  }

  function startLiveList(table) {
    if (!window.EventSource) {
      return;
    }
    var status = document.getElementById('live-status');
    var body = table.querySelector('tbody');
    var source = new EventSource(table.getAttribute('data-events'));
    source.addEventListener('open', function () {
      if (status) { status.textContent = 'live'; }
    });
    source.addEventListener('error', function () {
      if (status) { status.textContent = 'reconnecting…'; }
    });
    source.addEventListener('incident', function (message) {
      var event = JSON.parse(message.data);
      var existing = document.getElementById('incident-' + event.incident.incident_id);
      var row = rowFor(event);
      if (existing) {
        existing.replaceWith(row);
      } else if (table.getAttribute('data-live') === 'prepend') {
        body.insertBefore(row, body.firstChild);
        var empty = document.getElementById('no-incidents');
        if (empty) { empty.remove(); }
      }
    });
    source.addEventListener('at-risk', function (message) {
      var total = document.getElementById('at-risk');
      if (total) { total.textContent = JSON.parse(message.data).text; }
    });
  }

  function sendAction(form) {
    var error = document.getElementById('action-error');
    var data = new FormData(form);
    var payload = { action: data.get('action') };
    if (data.get('text') !== null) { payload.text = data.get('text'); }
    fetch(form.getAttribute('data-api'), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken() },
      body: JSON.stringify(payload)
    }).then(function (response) {
      if (response.ok) {
        window.location.reload();
        return null;
      }
      return response.json().then(function (body) {
        if (error) { error.textContent = body.error || ('HTTP ' + response.status); }
      }, function () {
        if (error) { error.textContent = 'HTTP ' + response.status; }
      });
    }, function () {
      if (error) { error.textContent = 'the console cannot be reached'; }
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    var table = document.getElementById('incidents');
    if (table && table.getAttribute('data-events')) {
      startLiveList(table);
    }
    document.querySelectorAll('form[data-api]').forEach(function (form) {
      form.addEventListener('submit', function (e) {
        e.preventDefault();
        sendAction(form);
      });
    });
  });
})();
