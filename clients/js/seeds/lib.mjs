// Shared helpers of the seed tutorial sessions (clients/js/seeds/*.test.mjs).
// Each session runs against a server of its own: the Go test TestJSSeeds
// (runtime/httpapi/clients_test.go) starts one on a fresh in-memory
// database per file and passes FQLITE_ENDPOINT and FQLITE_SECRET (the root
// secret). Run one by hand against a fresh server:
//   go run ./cmd/fqlite serve --memory &
//   FQLITE_ENDPOINT=http://localhost:8443 FQLITE_SECRET=secret node --test clients/js/seeds/000-blog.test.mjs

import { after, test } from "node:test";
import assert from "node:assert/strict";
import fauna from "fauna";

const { Client, ServiceError, AuthenticationError, Document, DocumentReference, TimeStub } = fauna;

export const endpoint = new URL(process.env.FQLITE_ENDPOINT ?? "http://localhost:8443");
export const rootSecret = process.env.FQLITE_SECRET ?? "secret";

const clients = [];
after(() => {
  for (const c of clients) c.close();
});

// step declares one step of a session. The steps run in order, each
// building on the earlier ones, so after a failure the rest are skipped.
let failed = false;
export function step(name, fn) {
  test(name, async (t) => {
    if (failed) {
      t.skip("an earlier step failed");
      return;
    }
    try {
      await fn();
    } catch (e) {
      failed = true;
      throw e;
    }
  });
}

// clientFor returns a driver client that authenticates with secret: the
// way an application holds a key, or a user's browser a token.
export function clientFor(secret) {
  const c = new Client({ endpoint, secret, http2_session_idle_ms: 500 });
  clients.push(c);
  return c;
}

// data runs a query and returns its decoded result.
export async function data(client, query, options) {
  return (await client.query(query, options)).data;
}

// pushSchema makes files (name → FSL) the active schema, as
// `fauna schema push --active` does: POST /schema/1/update, multipart,
// one part per file named by the file name (spec/wire.md §9).
export async function pushSchema(files) {
  const form = new FormData();
  for (const [name, text] of Object.entries(files)) {
    form.append(name, new Blob([text]), "blob");
  }
  const res = await fetch(new URL("/schema/1/update?force=true", endpoint), {
    method: "POST",
    headers: { authorization: `Bearer ${rootSecret}` },
    body: form,
  });
  const body = await res.json();
  assert.equal(res.status, 200, `schema push: ${JSON.stringify(body)}`);
  assert.equal(typeof body.version, "number");
}

// fails runs a query that must fail with an error of class cls (a driver
// error class) and the given code and message; summary, if given, is
// compared exactly (the txtar seeds' summary lines, located in the
// one-line query the session sends).
export async function fails(promise, cls, { code, message, summary, status = 400, constraintFailures } = {}) {
  let err;
  try {
    await promise;
  } catch (e) {
    err = e;
  }
  assert.ok(err, `expected ${cls.name} (${code}), the query succeeded`);
  assert.ok(err instanceof cls, `expected ${cls.name}, got ${err?.constructor?.name}: ${err?.message}`);
  assert.ok(err instanceof ServiceError);
  assert.equal(err.httpStatus, status);
  if (code !== undefined) assert.equal(err.code, code);
  if (message !== undefined) assert.equal(err.message, message);
  if (summary !== undefined) assert.equal(err.queryInfo?.summary, summary);
  if (constraintFailures !== undefined) assert.deepEqual(err.constraint_failures, constraintFailures);
  return err;
}

// refused checks the answer to a secret that is unknown, deleted or
// expired: 401 `unauthorized`, "Access token required", no summary
// (spec/fsl-auth.md §3.4).
export async function refused(client) {
  const e = await fails(client.query(fauna.fql`1`), AuthenticationError,
    { code: "unauthorized", message: "Access token required", status: 401 });
  assert.equal(e.queryInfo?.summary, undefined);
}

// micros returns a TimeStub's time in microseconds since the epoch.
export function micros(t) {
  assert.ok(t instanceof TimeStub, `not a TimeStub: ${JSON.stringify(t)}`);
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(t.isoString);
  assert.ok(m, `unexpected time ${t.isoString}`);
  const frac = (m[2] ?? "").padEnd(6, "0").slice(0, 6);
  return Date.parse(m[1] + "Z") * 1000 + Number(frac);
}

// checkToken checks a Token document as a login or Query.token() returns
// it: a Document of Token whose `document` references identity; `ttl` is
// about txnTs + ttlSeconds (the query's clock; none if ttlSeconds is
// null); the secret is there only when withSecret (spec/fsl-auth.md §3.5).
export function checkToken(tok, { identity, ttlSeconds, txnTs, withSecret }) {
  assert.ok(tok instanceof Document, `not a Document: ${JSON.stringify(tok)}`);
  assert.equal(tok.coll.name, "Token");
  assert.equal(typeof tok.id, "string");
  assert.ok(tok.ts instanceof TimeStub);
  assert.ok(tok.document instanceof DocumentReference, "token.document is a reference");
  assert.ok(!(tok.document instanceof Document), "token.document is not expanded");
  assert.equal(tok.document.coll.name, identity.coll.name);
  assert.equal(tok.document.id, identity.id);
  if (ttlSeconds === null) {
    assert.equal(tok.ttl, undefined);
  } else if (ttlSeconds !== undefined) {
    const want = txnTs + ttlSeconds * 1e6;
    const got = micros(tok.ttl);
    // Time.now() is the query's time, at most the query's duration before txn_ts.
    assert.ok(got <= want && got > want - 10e6, `ttl ${tok.ttl.isoString} is not about txn_ts + ${ttlSeconds}s`);
  }
  if (withSecret) {
    assert.equal(typeof tok.secret, "string");
    assert.match(tok.secret, /^fn/);
  } else {
    assert.equal(tok.secret, undefined);
  }
  assert.equal(tok.hashed_secret, undefined);
  assert.equal(tok.hashed_password, undefined);
}
