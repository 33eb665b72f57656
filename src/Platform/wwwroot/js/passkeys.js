// Passkeys (WebAuthn) as progressive enhancement. A form marked data-passkey="create" or "get" is shown only when the
// browser can do WebAuthn; on submit it asks the server for options (POST with the form's antiforgery token), lets the
// browser create or use a passkey, puts the credential as JSON in the form's "credential" field and submits the form.
// The server checks everything and answers with an ordinary page. Messages come from the form's data-msg-* attributes
// (localized by the page) and are written to the element named by data-status, an aria-live region.
(() => {
  'use strict';

  // A passkey belongs to a domain name: browsers refuse WebAuthn on an IP-address origin (http://127.0.0.1:5000).
  const onDomain = !/^[\d.]+$|:/.test(location.hostname);
  const supported = typeof window.PublicKeyCredential === 'function' &&
    !!navigator.credentials && typeof navigator.credentials.create === 'function' &&
    typeof navigator.credentials.get === 'function' && window.isSecureContext && onDomain;
  const forms = document.querySelectorAll('form[data-passkey]');
  if (!supported) {
    return; // the forms keep their hidden attribute, and the "cannot use passkeys here" hints stay
  }
  for (const hint of document.querySelectorAll('[data-passkey-unsupported]')) {
    hint.hidden = true;
  }

  const toBase64Url = buffer => {
    const bytes = new Uint8Array(buffer);
    let text = '';
    for (const b of bytes) {
      text += String.fromCharCode(b);
    }
    return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  };

  const fromBase64Url = value => {
    const base64 = value.replace(/-/g, '+').replace(/_/g, '/');
    const text = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) {
      bytes[i] = text.charCodeAt(i);
    }
    return bytes.buffer;
  };

  const withIds = list => (list || []).map(c => ({ ...c, id: fromBase64Url(c.id) }));

  // Chromium and recent Firefox/Safari parse the JSON form themselves; older browsers get the same by hand.
  const creationOptions = json => typeof PublicKeyCredential.parseCreationOptionsFromJSON === 'function'
    ? PublicKeyCredential.parseCreationOptionsFromJSON(json)
    : { ...json, challenge: fromBase64Url(json.challenge), user: { ...json.user, id: fromBase64Url(json.user.id) },
        excludeCredentials: withIds(json.excludeCredentials) };

  const requestOptions = json => typeof PublicKeyCredential.parseRequestOptionsFromJSON === 'function'
    ? PublicKeyCredential.parseRequestOptionsFromJSON(json)
    : { ...json, challenge: fromBase64Url(json.challenge), allowCredentials: withIds(json.allowCredentials) };

  const credentialJson = credential => {
    if (typeof credential.toJSON === 'function') {
      try {
        return credential.toJSON();
      } catch {
        // fall through to the manual form
      }
    }
    const r = credential.response;
    const response = { clientDataJSON: toBase64Url(r.clientDataJSON) };
    if (r.attestationObject) {
      response.attestationObject = toBase64Url(r.attestationObject);
      response.transports = typeof r.getTransports === 'function' ? r.getTransports() : [];
    }
    if (r.authenticatorData) {
      response.authenticatorData = toBase64Url(r.authenticatorData);
      response.signature = toBase64Url(r.signature);
      response.userHandle = r.userHandle ? toBase64Url(r.userHandle) : null;
    }
    return {
      id: credential.id,
      rawId: toBase64Url(credential.rawId),
      type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment || null,
      clientExtensionResults: credential.getClientExtensionResults ? credential.getClientExtensionResults() : {},
      response,
    };
  };

  const errorKey = error => {
    switch (error && error.name) {
      case 'NotAllowedError': return 'msgCancelled'; // cancelled, timed out, or no passkey for this site here
      case 'AbortError': return 'msgCancelled';
      case 'InvalidStateError': return 'msgExists'; // this authenticator already holds a passkey for the account
      case 'SecurityError': return 'msgFailed';
      default: return 'msgFailed';
    }
  };

  for (const form of forms) {
    const status = document.getElementById(form.dataset.status);
    const button = form.querySelector('button[type="submit"]');
    const say = text => {
      status.textContent = text || form.dataset.msgFailed;
    };
    form.hidden = false;

    form.addEventListener('submit', async event => {
      event.preventDefault();
      status.textContent = '';
      const name = form.elements.namedItem('name');
      if (name && !name.value.trim()) {
        say(form.dataset.msgName);
        name.focus();
        return;
      }
      button.disabled = true;
      try {
        const token = form.elements.namedItem('__RequestVerificationToken');
        const answer = await fetch(form.dataset.options, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'RequestVerificationToken': token ? token.value : '', 'Accept': 'application/json' },
        });
        if (!answer.ok) {
          const problem = await answer.json().catch(() => null);
          say(problem && problem.detail);
          return;
        }
        const options = await answer.json();
        let credential;
        try {
          credential = form.dataset.passkey === 'create'
            ? await navigator.credentials.create({ publicKey: creationOptions(options) })
            : await navigator.credentials.get({ publicKey: requestOptions(options) });
        } catch (error) {
          say(form.dataset[errorKey(error)]);
          return;
        }
        if (!credential) {
          say(form.dataset.msgCancelled);
          return;
        }
        form.elements.namedItem('credential').value = JSON.stringify(credentialJson(credential));
        say(form.dataset.msgWorking);
        form.submit();
      } catch {
        say(form.dataset.msgFailed);
      } finally {
        button.disabled = false;
      }
    });
  }
})();
