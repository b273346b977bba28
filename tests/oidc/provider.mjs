// A real OpenID Connect provider on localhost for tests/test_oidc_browser.py: the certified
// `oidc-provider` package (pinned in package.json / package-lock.json, installed by scripts/test.sh
// with `npm ci`), with its own login form that checks a password per user.
//
//   node tests/oidc/provider.mjs CONFIG.json
//
// CONFIG: {"port": 9000, "client_id": "...", "client_secret": "...", "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
//          "users": [{"email": "...", "name": "...", "password": "..."}]}
// Prints "oidc-provider klaar op http://127.0.0.1:PORT" when it listens.

import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import Provider, { interactionPolicy } from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const issuer = `http://127.0.0.1:${config.port}`;
const users = new Map(config.users.map((u) => [u.email.toLowerCase(), u]));

// Streamlit asks for prompt=select_account (its default): a prompt of its own, answered by the same
// login form ("choose the account" = log in with it).
const policy = interactionPolicy.base();
policy.add(new interactionPolicy.Prompt({ name: 'select_account', requestable: true }), 0);

const provider = new Provider(issuer, {
  clients: [{
    client_id: config.client_id,
    client_secret: config.client_secret,
    redirect_uris: [config.redirect_uri],
    post_logout_redirect_uris: [config.redirect_uri],
    response_types: ['code'],
    grant_types: ['authorization_code'],
  }],
  async findAccount(ctx, id) {
    const user = users.get(id.toLowerCase());
    if (!user) return undefined;
    return {
      accountId: id,
      async claims() {
        return { sub: id, email: user.email, email_verified: true, name: user.name };
      },
    };
  },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  conformIdTokenClaims: false, // the e-mail address in the ID token, where Streamlit reads it
  features: { devInteractions: { enabled: false } },
  interactions: { policy, url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  // A first-party client: consent is given, no consent screen.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
  cookies: { keys: ['jb-test-oidc-provider'] },
});

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function form(uid, fout) {
  return `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Inloggen bij de organisatie</title></head>
<body><main><h1>Inloggen bij de organisatie (test)</h1>
${fout ? `<p role="alert">${escape(fout)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}">
<label>E-mailadres <input name="email" type="email" autocomplete="username" required></label>
<label>Wachtwoord <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Inloggen</button>
</form></main></body></html>`;
}

async function body(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

const callback = provider.callback();
createServer(async (req, res) => {
  const match = req.url.match(/^\/interaction\/([A-Za-z0-9_-]+)$/);
  if (!match) return callback(req, res);
  try {
    const details = await provider.interactionDetails(req, res);
    res.setHeader('Cache-Control', 'no-store');
    if (req.method === 'GET') {
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      return res.end(form(details.uid));
    }
    const velden = await body(req);
    const user = users.get((velden.get('email') || '').trim().toLowerCase());
    if (!user || user.password !== velden.get('password')) {
      res.statusCode = 401;
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      return res.end(form(details.uid, 'Onbekend e-mailadres of verkeerd wachtwoord.'));
    }
    return await provider.interactionFinished(req, res, { select_account: {}, login: { accountId: user.email } },
      { mergeWithLastSubmission: false });
  } catch (error) {
    res.statusCode = 500;
    return res.end(String(error));
  }
}).listen(config.port, '127.0.0.1', () => console.log(`oidc-provider klaar op ${issuer}`));
