// Seed 000 (the v4 blog "User authentication in Fauna") in its v10 form,
// as a driver session: spec/fsl-auth.md §7.1, step by step, with the
// results testdata/tutorials/000-blog.txtar asserts. An application
// ships a key that may only register and log in (UnAuthRole); a login
// hands out a token; AuthRole (phase B) lets tokens read and write
// movies; logout deletes every token of the identity, and their secrets
// are refused from then on.

import assert from "node:assert/strict";
import fauna from "fauna";
import { step, clientFor, data, pushSchema, fails, refused, checkToken, rootSecret } from "./lib.mjs";

const { fql, Document, DocumentReference, NullDocument, Page, Module, QueryRuntimeError, ConstraintFailureError } = fauna;

const phaseA = `collection Account {
  email: String
  index byEmail { terms [.email] }      // v4 index account_by_email (unique)
  unique [.email]
}
collection Movie {
  title: String
  director: String
  release: String
  index byDirector { terms [.director] }  // only used to show the index-denial path
}
@role(server)
function UserRegistration(email, password) {
  let account = Account.create({ email: email })
  Credential.create({ document: account, password: password })
  account
}
@role(server)
function UserLogin(email, password) {
  let account = Account.byEmail(email).first()!
  Credential.byDocument(account)!.login(password, Time.now().add(3600, "seconds"))
}
role UnAuthRole {
  privileges Account { read; create }   // as in the blog; the UDFs would work without it
  privileges UserRegistration { call }
  privileges UserLogin { call }
}
`;

// Phase B appends UserLogout (v4 Logout(true): every token of the
// identity) and AuthRole. As in the txtar, Query.identity() goes to
// Token.byDocument without `!`: AuthRole grants nothing on Account, so
// `!` would fail with null_value in a UDF without @role.
const phaseB = phaseA + `
function UserLogout() {
  Token.byDocument(Query.identity()).forEach(.delete())
  true
}
role AuthRole {
  membership Account
  privileges Movie { read; write; create }
  privileges UserLogout { call }
}
`;

const admin = clientFor(rootSecret);
const s = {}; // what the session keeps from step to step

const denied = (what) => ({ code: "permission_denied", message: what ?? "Insufficient privileges to perform the action." });

step("step 1: push phase A, create the three movies", async () => {
  await pushSchema({ "main.fsl": phaseA });
  const titles = await data(admin, fql`
    Movie.create({ id: "1", title: "Reservoir Dogs", director: "Quentin Tarantino", release: "Jan 21, 1992" })
    Movie.create({ id: "2", title: "The Hateful Eight", director: "Quentin Tarantino", release: "December 25, 2015" })
    Movie.create({ id: "3", title: "Once Upon a Time in Hollywood", director: "Quentin Tarantino", release: "July 26, 2019" })
    Movie.all().map(.title).toArray()`);
  assert.deepEqual(titles, ["Reservoir Dogs", "The Hateful Eight", "Once Upon a Time in Hollywood"]);
});

step("step 2: [admin] UserRegistration returns the new Account", async () => {
  const acc = await data(admin, fql`UserRegistration("shadid@test.com", "pass123456")`);
  assert.ok(acc instanceof Document);
  assert.equal(acc.coll.name, "Account");
  assert.equal(acc.email, "shadid@test.com");
  s.shadid = acc;
  // The credential exists and its password is never readable (§3.5).
  assert.deepEqual(
    await data(admin, fql`let cred = Credential.byDocument(${acc})!
      [cred.document == ${acc}, cred.password, cred.hashed_password]`),
    [true, null, null]);
});

step("step 3: [admin] UserLogin returns a token with a secret, ttl now + 3600 s", async () => {
  const res = await admin.query(fql`UserLogin("shadid@test.com", "pass123456")`);
  checkToken(res.data, { identity: s.shadid, ttlSeconds: 3600, txnTs: res.txn_ts, withSecret: true });
  s.T0 = clientFor(res.data.secret);
});

step("step 4: [T0] Query.token() (/tokens/self): own token, no secret", async () => {
  const tok = await data(s.T0, fql`Query.token()`);
  checkToken(tok, { identity: s.shadid, withSecret: false });
  assert.ok(await data(s.T0, fql`Query.token()!.ttl > Time.now()`));
  // The identity is the Account, which no role lets the token read yet.
  assert.equal(await data(s.T0, fql`Query.identity() == ${s.shadid}`), true);
  const id = await data(s.T0, fql`Query.identity()`);
  assert.ok(id instanceof NullDocument);
  assert.equal(id.cause, "permission denied");
  assert.equal(id.ref.id, s.shadid.id);
  await fails(s.T0.query(fql`Query.identity()!`), QueryRuntimeError,
    { code: "null_value", message: "Null value, due to permission denied" });
});

step("step 5: [admin] Key.create({ role: \"UnAuthRole\" })", async () => {
  const key = await data(admin, fql`Key.create({ role: "UnAuthRole" })`);
  assert.ok(key instanceof Document);
  assert.equal(key.coll.name, "Key");
  assert.equal(key.role, "UnAuthRole");
  assert.match(key.secret, /^fn/);
  s.K = clientFor(key.secret);
});

step("step 6: [K] UserRegistration registers john", async () => {
  const acc = await data(s.K, fql`UserRegistration("john@gmail.com", "pass12345")`);
  assert.ok(acc instanceof Document, "readable: UnAuthRole reads Account");
  assert.equal(acc.coll.name, "Account");
  assert.equal(acc.email, "john@gmail.com");
  s.john = acc;
});

step("step 7: [K] registering john again fails the unique constraint; nothing is written", async () => {
  await fails(s.K.query(fql`UserRegistration("john@gmail.com", "pass12345")`), ConstraintFailureError, {
    code: "constraint_failure",
    message: "Failed unique constraint.",
    constraintFailures: [{ paths: [["email"]], message: "Failed unique constraint" }],
    summary: `error: Failed unique constraint.
constraint failures:
  email: Failed unique constraint
at *query*:1:17
  |
1 | UserRegistration("john@gmail.com", "pass12345")
  |                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  |`,
  });
  assert.deepEqual(await data(admin, fql`[Account.all().count(), Credential.all().count()]`), [2, 2]);
});

step("step 8: [K] movies: all() is empty, the index is refused, byId()! is null", async () => {
  const page = await data(s.K, fql`Movie.all()`);
  assert.ok(page instanceof Page);
  assert.deepEqual(page.data, []);
  await fails(s.K.query(fql`Movie.byDirector("Quentin Tarantino")`), QueryRuntimeError,
    denied("Insufficient privileges to read from collection Movie."));
  await fails(s.K.query(fql`Movie.byId("1")!`), QueryRuntimeError,
    { code: "null_value", message: "Null value, due to permission denied" });
  const m = await data(s.K, fql`Movie.byId("1")`);
  assert.ok(m instanceof NullDocument);
  assert.equal(m.cause, "permission denied");
  assert.ok(m.ref instanceof DocumentReference);
  assert.ok(m.ref.coll instanceof Module);
  assert.deepEqual([m.ref.coll.name, m.ref.id], ["Movie", "1"]);
});

step("step 9: [K] UserLogin hands john a token (T1)", async () => {
  const res = await s.K.query(fql`UserLogin("john@gmail.com", "pass12345")`);
  checkToken(res.data, { identity: s.john, ttlSeconds: 3600, txnTs: res.txn_ts, withSecret: true });
  s.T1 = clientFor(res.data.secret);
});

step("step 10: [T1] a valid token with no role yet: reads filter, the index is refused", async () => {
  assert.deepEqual((await data(s.T1, fql`Movie.all()`)).data, []);
  await fails(s.T1.query(fql`Movie.byDirector("Quentin Tarantino")`), QueryRuntimeError,
    denied("Insufficient privileges to read from collection Movie."));
});

step("step 11: [K] wrong password, unknown email", async () => {
  await fails(s.K.query(fql`UserLogin("john@gmail.com", "wrong")`), QueryRuntimeError, {
    code: "invalid_secret",
    message: "Provided secret did not match.",
    summary: `error: Provided secret did not match.
at *query*:1:10
  |
1 | UserLogin("john@gmail.com", "wrong")
  |          ^^^^^^^^^^^^^^^^^^^^^^^^^^^
  |`,
  });
  await fails(s.K.query(fql`UserLogin("nobody@x.com", "x")`), QueryRuntimeError,
    { code: "null_value", message: "Null value, due to empty set" });
});

step("step 12: [admin] push phase B (UserLogout, AuthRole)", async () => {
  await pushSchema({ "main.fsl": phaseB });
  const fn = await data(admin, fql`Function.byName("UserLogout")!`);
  assert.equal(fn.name, "UserLogout");
  assert.equal(fn.role, undefined, "UserLogout runs with the caller's rights");
  assert.equal((await data(admin, fql`Role.byName("AuthRole")!`)).name, "AuthRole");
});

step("step 13: [K] log in again (T2): the movies are readable, by T1 too", async () => {
  const res = await s.K.query(fql`UserLogin("john@gmail.com", "pass12345")`);
  checkToken(res.data, { identity: s.john, ttlSeconds: 3600, txnTs: res.txn_ts, withSecret: true });
  s.T2 = clientFor(res.data.secret);
  const page = await data(s.T2, fql`Movie.all()`);
  assert.ok(page instanceof Page);
  assert.ok(page.data.every((d) => d instanceof Document && d.coll.name === "Movie"));
  assert.deepEqual(page.data.map(({ title, director, release }) => ({ title, director, release })), [
    { title: "Reservoir Dogs", director: "Quentin Tarantino", release: "Jan 21, 1992" },
    { title: "The Hateful Eight", director: "Quentin Tarantino", release: "December 25, 2015" },
    { title: "Once Upon a Time in Hollywood", director: "Quentin Tarantino", release: "July 26, 2019" },
  ]);
  assert.equal(await data(s.T2, fql`Movie.byDirector("Quentin Tarantino").count()`), 3);
  // Roles are resolved per request: the older session has AuthRole now.
  assert.equal(await data(s.T1, fql`Movie.all().count()`), 3);
});

step("step 14: [T2] create and update are granted; delete and UserRegistration are not", async () => {
  const m = await data(s.T2, fql`Movie.create({ title: "Jackie Brown", director: "Quentin Tarantino", release: "1997" })`);
  assert.ok(m instanceof Document);
  assert.equal(m.title, "Jackie Brown");
  const u = await data(s.T2, fql`Movie.byId("1")!.update({ release: "1992" })`);
  assert.deepEqual([u.title, u.release], ["Reservoir Dogs", "1992"]);
  await fails(s.T2.query(fql`Movie.all().first()!.delete()`), QueryRuntimeError, denied());
  await fails(s.T2.query(fql`UserRegistration("a@b.c", "x")`), QueryRuntimeError, {
    ...denied(),
    summary: `error: Insufficient privileges to perform the action.
at *query*:1:17
  |
1 | UserRegistration("a@b.c", "x")
  |                 ^^^^^^^^^^^^^^
  |`,
  });
  assert.deepEqual(await data(admin, fql`[Movie.all().count(), Movie.byId("1")!.title, Account.all().count()]`),
    [4, "Reservoir Dogs", 2]);
});

step("step 15: [T2] UserLogout() deletes every token of john", async () => {
  assert.equal(await data(s.T2, fql`UserLogout()`), true);
});

step("step 16: T2 and T1 are refused; T0 (another identity) and the key still work", async () => {
  await refused(s.T2);
  await refused(s.T1);
  assert.equal(await data(admin, fql`Token.byDocument(${s.john}).count()`), 0);
  assert.equal(await data(s.T0, fql`1`), 1);
  assert.equal(await data(s.T0, fql`Movie.all().count()`), 4, "T0 has AuthRole now as well");
  const tok = await data(s.K, fql`UserLogin("john@gmail.com", "pass12345")`);
  checkToken(tok, { identity: s.john, withSecret: true });
});
