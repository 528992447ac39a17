// Seed 003 (the authentication overview) as a driver session:
// spec/fsl-auth.md §7.4 as assertions, with the results
// testdata/tutorials/003-overview.txtar asserts: keys are anonymous and
// have one role; tokens are tied to an identity document and may hold
// several roles (membership, evaluated per request); a secret works for
// any number of requests until it is deleted or past its ttl.
// Each secret is scoped to one database: keys made for a child database,
// its grandchild, and a token of a child document.

import assert from "node:assert/strict";
import fauna from "fauna";
import { step, clientFor, data, pushSchema, fails, refused, checkToken, rootSecret } from "./lib.mjs";

const { fql, Document, Page, QueryRuntimeError } = fauna;

const schema = `collection Account {
  email: String
  admin: Boolean = false
  unique [.email]
}

role reader {
  membership Account
  privileges Account { read }
}

role editor {
  membership Account { predicate ((acc) => acc.admin) }
  privileges Account { read; write; create; delete }
  privileges Key { read }
}
`;

const admin = clientFor(rootSecret);
const s = {};
const denied = { code: "permission_denied", message: "Insufficient privileges to perform the action." };

step("accounts: one admin, one not", async () => {
  await pushSchema({ "main.fsl": schema });
  const page = await data(admin, fql`
    Account.create({ id: "1", email: "ann@example.com", admin: true })
    Account.create({ id: "2", email: "ben@example.com" })
    Account.all()`);
  assert.ok(page instanceof Page);
  assert.deepEqual(page.data.map(({ id, email, admin }) => ({ id, email, admin })), [
    { id: "1", email: "ann@example.com", admin: true },
    { id: "2", email: "ben@example.com", admin: false },
  ]);
});

step("[root] Query.identity() and Query.token() are null", async () => {
  assert.equal(await data(admin, fql`Query.identity()`), null);
  assert.equal(await data(admin, fql`Query.token()`), null);
});

step("[key] keys are anonymous and have exactly their one role", async () => {
  const key = await data(admin, fql`Key.create({ role: "reader" })`);
  assert.ok(key instanceof Document);
  assert.deepEqual([key.coll.name, key.role], ["Key", "reader"]);
  s.KEY = clientFor(key.secret);
  assert.equal(await data(s.KEY, fql`Query.identity()`), null);
  await fails(s.KEY.query(fql`Query.identity()!`), QueryRuntimeError,
    { code: "null_value", message: "Null value, due to missing identity" });
  await fails(s.KEY.query(fql`Query.token()!`), QueryRuntimeError,
    { code: "null_value", message: "Null value, due to no token" });
  assert.equal(await data(s.KEY, fql`Account.all().count()`), 2);
  await fails(s.KEY.query(fql`Account.create({ email: "cat@example.com" })`), QueryRuntimeError, denied);
});

step("[token] tokens for both accounts; Query.identity() is the document", async () => {
  for (const [name, id] of [["ANN", "1"], ["BEN", "2"]]) {
    const tok = await data(admin, fql`Token.create({ document: Account(${id}) })`);
    checkToken(tok, { identity: { coll: { name: "Account" }, id }, ttlSeconds: null, withSecret: true });
    s[name] = clientFor(tok.secret);
  }
  const ann = await data(s.ANN, fql`Query.identity()`);
  assert.ok(ann instanceof Document);
  assert.deepEqual([ann.id, ann.email], ["1", "ann@example.com"]);
});

step("[ANN] a token holds several roles: reader and editor", async () => {
  // editor grants create but not create_with_id.
  await fails(s.ANN.query(fql`Account.create({ id: "3", email: "cat@example.com" })`), QueryRuntimeError, denied);
  const cat = await data(s.ANN, fql`Account.create({ email: "cat@example.com" })`);
  assert.ok(cat instanceof Document);
  assert.deepEqual([cat.email, cat.admin], ["cat@example.com", false]);
  assert.deepEqual(await data(s.ANN, fql`Key.all().map(.role).toArray()`), ["reader"]);
});

step("[BEN] only reader: reads accounts, may not write them nor read keys", async () => {
  assert.equal(await data(s.BEN, fql`Account.all().count()`), 3);
  await fails(s.BEN.query(fql`Account.byId("2")!.update({ admin: true })`), QueryRuntimeError, denied);
  assert.deepEqual(await data(s.BEN, fql`Key.all().toArray()`), []);
});

step("[BEN] the same secret works for any number of requests", async () => {
  assert.deepEqual(await data(s.BEN, fql`[Query.identity() == Account("2"), Query.identity() == Account("2")]`), [true, true]);
  for (let i = 0; i < 5; i++) {
    assert.equal(await data(s.BEN, fql`Query.identity()!.email`), "ben@example.com");
  }
});

step("roles come from membership per request: ben made admin has editor", async () => {
  assert.equal((await data(admin, fql`Account.byId("2")!.update({ admin: true })`)).admin, true);
  assert.equal(await data(s.BEN, fql`Key.all().count()`), 1);
});

step("a secret is valid until its ttl passes", async () => {
  const key = await data(admin, fql`Key.create({ role: "server", ttl: Time.now().add(1, "day"), data: { tag: "expiring" } })`);
  const expiring = clientFor(key.secret);
  assert.equal(await data(expiring, fql`1 + 1`), 2);
  assert.equal(await data(admin, fql`
    Key.all().firstWhere(k => k.data?.tag == "expiring")!.update({ ttl: Time.now().subtract(1, "second") })
    "expired"`), "expired");
  await refused(expiring);
  // A key created with a ttl in the past is never usable.
  const past = await data(admin, fql`Key.create({ role: "server", ttl: Time.now().subtract(1, "day") })`);
  await refused(clientFor(past.secret));
});

step("a secret is valid until it is deleted", async () => {
  assert.equal(await data(admin, fql`Key.all().firstWhere(k => k.role == "reader")!.delete().exists()`), false);
  await refused(s.KEY);
});

step("a key created from the parent for database `child` works in child only", async () => {
  assert.deepEqual(await data(admin, fql`Database.create({ name: "child" }) { name }`), { name: "child" });
  const key = await data(admin, fql`Key.create({ role: "admin", database: "child" })`);
  assert.deepEqual([key.role, key.database], ["admin", "child"]);
  s.CHILD = clientFor(key.secret);
  assert.deepEqual(await data(s.CHILD, fql`Collection.create({ name: "Inner" }) { name }`), { name: "Inner" });
  assert.deepEqual(await data(s.CHILD, fql`Collection.all().map(.name).toArray()`), ["Inner"]);
  assert.deepEqual(await data(admin, fql`[Collection.byName("Inner").exists(), Collection.all().map(.name).toArray()]`),
    [false, ["Account"]]);
  await fails(s.CHILD.query(fql`Account.all()`), QueryRuntimeError,
    { code: "unbound_variable", message: "Unbound variable `Account`" });
});

step("a key of child cannot read child's children", async () => {
  await data(s.CHILD, fql`Database.create({ name: "grandchild" })`);
  const grand = clientFor(await data(s.CHILD, fql`Key.create({ role: "admin", database: "grandchild" }).secret`));
  assert.deepEqual(await data(grand, fql`Collection.create({ name: "Deep" }) { name }`), { name: "Deep" });
  assert.deepEqual(await data(s.CHILD, fql`[Collection.byName("Deep").exists(), Collection.all().map(.name).toArray()]`),
    [false, ["Inner"]]);
  // An admin secret scoped to the path reaches the grandchild too.
  const scoped = clientFor(`${rootSecret}:child/grandchild:admin`);
  assert.deepEqual(await data(scoped, fql`Collection.all().map(.name).toArray()`), ["Deep"]);
});

step("a token of a child document works only in child", async () => {
  const tok = clientFor(await data(s.CHILD, fql`
    Inner.create({ id: "1" })
    Token.create({ document: Inner("1") }).secret`));
  // Its identity lives in child (the token has no role there, so it may
  // compare its identity but not read it).
  assert.equal(await data(tok, fql`Query.identity() == Inner("1")`), true);
  await fails(tok.query(fql`Account.all()`), QueryRuntimeError,
    { code: "unbound_variable", message: "Unbound variable `Account`" });
});

step("the parent's tokens keep working", async () => {
  assert.equal(await data(s.ANN, fql`Query.identity() == Account("1")`), true);
});
