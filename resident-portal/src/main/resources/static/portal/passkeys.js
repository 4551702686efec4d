// The resident's portal: passkeys (WebAuthn) with Spring Security's endpoints.
// Sign-in:  POST /webauthn/authenticate/options -> navigator.credentials.get -> POST /login/webauthn
// Enrolment: POST /webauthn/register/options -> navigator.credentials.create -> POST /webauthn/register,
//            then the page's form posts /enrolled, where the server checks the passkey is stored.
// The CSRF token comes from the page's <meta name="_csrf"> and <meta name="_csrf_header">.
'use strict';

const b64 = {
  encode(buffer) {
    const bytes = new Uint8Array(buffer);
    let text = '';
    bytes.forEach((b) => { text += String.fromCharCode(b); });
    return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  },
  decode(text) {
    const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4);
    const raw = atob(padded);
    const bytes = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; i++) {
      bytes[i] = raw.charCodeAt(i);
    }
    return bytes.buffer;
  },
};

function csrfHeaders() {
  const token = document.querySelector('meta[name="_csrf"]');
  const header = document.querySelector('meta[name="_csrf_header"]');
  const headers = { 'Content-Type': 'application/json' };
  if (token && header) {
    headers[header.content] = token.content;
  }
  return headers;
}

async function postJson(url, body) {
  const response = await fetch(url, {
    method: 'POST', credentials: 'same-origin', headers: csrfHeaders(),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    throw new Error('status ' + response.status);
  }
  return response.json();
}

function say(id) {
  document.querySelectorAll('[data-message]').forEach((element) => { element.hidden = element.id !== id; });
  const shown = document.getElementById(id);
  if (shown) {
    shown.focus();
  }
}

async function signIn() {
  say('signing-in');
  try {
    const options = await postJson('/webauthn/authenticate/options');
    options.challenge = b64.decode(options.challenge);
    (options.allowCredentials || []).forEach((credential) => { credential.id = b64.decode(credential.id); });
    const credential = await navigator.credentials.get({ publicKey: options });
    const response = credential.response;
    const answer = await postJson('/login/webauthn', {
      id: credential.id,
      rawId: b64.encode(credential.rawId),
      response: {
        authenticatorData: b64.encode(response.authenticatorData),
        clientDataJSON: b64.encode(response.clientDataJSON),
        signature: b64.encode(response.signature),
        userHandle: response.userHandle ? b64.encode(response.userHandle) : undefined,
      },
      credType: credential.type,
      clientExtensionResults: credential.getClientExtensionResults(),
      authenticatorAttachment: credential.authenticatorAttachment,
    });
    if (answer.authenticated) {
      window.location.href = answer.redirectUrl || '/';
    } else {
      say('sign-in-failed');
    }
  } catch (e) {
    say('sign-in-failed');
  }
}

async function enrol() {
  say('enrolling');
  try {
    const options = await postJson('/webauthn/register/options');
    options.challenge = b64.decode(options.challenge);
    options.user.id = b64.decode(options.user.id);
    (options.excludeCredentials || []).forEach((credential) => { credential.id = b64.decode(credential.id); });
    const created = await navigator.credentials.create({ publicKey: options });
    const response = created.response;
    const label = document.getElementById('label');
    const answer = await postJson('/webauthn/register', {
      publicKey: {
        credential: {
          id: created.id,
          rawId: b64.encode(created.rawId),
          response: {
            attestationObject: b64.encode(response.attestationObject),
            clientDataJSON: b64.encode(response.clientDataJSON),
            transports: response.getTransports ? response.getTransports() : [],
          },
          type: created.type,
          clientExtensionResults: created.getClientExtensionResults(),
          authenticatorAttachment: created.authenticatorAttachment,
        },
        label: (label && label.value.trim()) || 'passkey',
      },
    });
    if (answer.success) {
      document.getElementById('enrolled-form').submit();
    } else {
      say('enrol-failed');
    }
  } catch (e) {
    say('enrol-failed');
  }
}

document.addEventListener('DOMContentLoaded', () => {
  const signInButton = document.getElementById('passkey-sign-in');
  if (signInButton) {
    signInButton.addEventListener('click', signIn);
  }
  const enrolButton = document.getElementById('passkey-enrol');
  if (enrolButton) {
    enrolButton.addEventListener('click', enrol);
  }
  document.querySelectorAll('[data-requires-passkeys]').forEach((element) => {
    if (!window.PublicKeyCredential) {
      element.hidden = true;
      const none = document.getElementById('no-passkeys');
      if (none) {
        none.hidden = false;
      }
    }
  });
});
