// Ballot keys in the browser: make an Ed25519 key whose secret half cannot leave this browser
// (WebCrypto, not extractable, kept in IndexedDB), and sign ballots with it.
// Without JavaScript, or in a browser without Ed25519, the pages offer the caucus_ballot.py
// tool instead; the exact bytes signed are specified in docs/ledger-format.md.
(function () {
  "use strict";
  var DB = "caucus-ballot-keys";
  var STORE = "keys";

  function hex(buffer) {
    return Array.from(new Uint8Array(buffer), function (b) {
      return b.toString(16).padStart(2, "0");
    }).join("");
  }

  function randomHex(bytes) {
    return hex(crypto.getRandomValues(new Uint8Array(bytes)));
  }

  function sha256Hex(text) {
    return crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)).then(hex);
  }

  // The ledger's canonical JSON for flat objects of strings: sorted keys, no spaces.
  function canonical(object) {
    var sorted = {};
    Object.keys(object).sort().forEach(function (k) { sorted[k] = object[k]; });
    return JSON.stringify(sorted);
  }

  // A ledger time: UTC, microseconds, fixed width ("2031-03-04T18:00:00.123000Z").
  function ledgerTime(date) {
    return date.toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
  }

  function openDb() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "key_id" });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function storeDo(mode, action) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var request = action(db.transaction(STORE, mode).objectStore(STORE));
        request.onsuccess = function () { resolve(request.result); };
        request.onerror = function () { reject(request.error); };
      });
    });
  }

  function allKeys() {
    return storeDo("readonly", function (s) { return s.getAll(); });
  }

  function supported() {
    if (!window.crypto || !crypto.subtle || !window.indexedDB) { return Promise.resolve(false); }
    return crypto.subtle.generateKey({ name: "Ed25519" }, false, ["sign", "verify"])
      .then(function () { return true; }, function () { return false; });
  }

  // --- The organization's page of ballot keys --------------------------------------------

  function setUpKeyPage(form) {
    var box = document.querySelector(".browser-keygen");
    var button = document.getElementById("make-key");
    var status = document.querySelector(".keygen-status");
    allKeys().then(function (keys) {
      keys.forEach(function (k) {
        var row = document.querySelector('tr[data-key-id="' + k.key_id + '"] .this-browser');
        if (row) { row.hidden = false; }
      });
    }, function () {});
    supported().then(function (ok) {
      if (!ok || !box) { return; }
      box.hidden = false;
      button.addEventListener("click", function () {
        button.disabled = true;
        var pair;
        crypto.subtle.generateKey({ name: "Ed25519" }, false, ["sign", "verify"])
          .then(function (generated) {
            pair = generated;
            return crypto.subtle.exportKey("raw", pair.publicKey);
          })
          .then(function (raw) {
            var publicHex = hex(raw);
            return crypto.subtle.digest("SHA-256", raw).then(function (digest) {
              var record = {
                key_id: hex(digest).slice(0, 16),
                organization: form.getAttribute("data-organization"),
                public_key: publicHex,
                private_key: pair.privateKey,
                created: new Date().toISOString()
              };
              return storeDo("readwrite", function (s) { return s.put(record); })
                .then(function () { return record; });
            });
          })
          .then(function (record) {
            form.querySelector("[name=public_key]").value = record.public_key;
            var label = form.querySelector("[name=label]");
            if (!label.value) { label.value = status.getAttribute("data-default-label") || navigator.platform || "Browser"; }
            form.submit();
          })
          .catch(function (error) {
            button.disabled = false;
            status.textContent = String(error);
          });
      });
    });
  }

  // --- The vote page: sign the ballot with a key this browser holds -----------------------

  function selectedOrganization(form) {
    var field = form.querySelector("[name=organization]");
    return field ? field.value : "";
  }

  function findKey(form) {
    var listed = JSON.parse(form.getAttribute("data-keys") || "{}");
    var wanted = listed[selectedOrganization(form)] || [];
    return allKeys().then(function (keys) {
      return keys.filter(function (k) { return wanted.indexOf(k.key_id) !== -1; })[0] || null;
    });
  }

  function showStatus(form, key) {
    var status = form.querySelector(".signing-status");
    var cast = document.getElementById("cast-button");
    var required = form.hasAttribute("data-required");
    if (!status) { return; }
    status.hidden = false;
    status.classList.toggle("ready", Boolean(key));
    status.classList.toggle("problem", !key && required);
    if (key) {
      status.textContent = status.getAttribute("data-ready").replace("%(key)s", key.key_id);
    } else if (required) {
      status.textContent = status.getAttribute("data-missing-required");
    } else {
      status.textContent = status.getAttribute("data-missing");
    }
    if (cast) { cast.hidden = required && !key; }
  }

  function sign(form, key) {
    var choice = form.querySelector("[name=choice]:checked");
    var salt = randomHex(16);
    var fields = {
      key_id: key.key_id,
      nonce: randomHex(16),
      time: ledgerTime(new Date()),
      salt: salt
    };
    return sha256Hex(canonical({ choice: choice.value, salt: salt })).then(function (commitment) {
      var statement = canonical({
        choice_commitment: commitment,
        format: "caucus-ballot/1",
        nonce: fields.nonce,
        org: selectedOrganization(form),
        time: fields.time,
        vote: form.getAttribute("data-fingerprint")
      });
      return crypto.subtle.sign({ name: "Ed25519" }, key.private_key, new TextEncoder().encode(statement));
    }).then(function (signature) {
      fields.signature = hex(signature);
      Object.keys(fields).forEach(function (name) {
        form.querySelector("[name=" + name + "]").value = fields[name];
      });
    });
  }

  function setUpBallot(form) {
    var current = null;
    function refresh() {
      return findKey(form).then(function (key) { current = key; showStatus(form, key); },
        function () { showStatus(form, null); });
    }
    refresh();
    var org = form.querySelector("select[name=organization]");
    if (org) { org.addEventListener("change", refresh); }
    form.addEventListener("submit", function (event) {
      if (!current || form.dataset.signed || !event.submitter || event.submitter.id !== "cast-button") {
        return;  // unsigned, already signed, or the tool's button
      }
      if (!form.querySelector("[name=choice]:checked")) { return; }
      event.preventDefault();
      sign(form, current).then(function () {
        form.dataset.signed = "1";
        form.submit();
      }, function (error) {
        var status = form.querySelector(".signing-status");
        status.classList.add("problem");
        status.textContent = String(error);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var keyForm = document.getElementById("key-form");
    if (keyForm) { setUpKeyPage(keyForm); }
    var ballotForm = document.getElementById("ballot-form");
    if (ballotForm && ballotForm.querySelector(".signing-status")) { setUpBallot(ballotForm); }
  });
})();
