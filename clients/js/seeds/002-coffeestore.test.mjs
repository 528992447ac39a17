// Seed 002 (the CoffeeStore tutorial "Login and logout", schema built
// with FQL) as a driver session: spec/fsl-auth.md §7.3, step by step, with
// the results testdata/tutorials/002-coffeestore.txtar asserts. People
// get credentials, a unique email and an index; Signup and Login UDFs are
// created with Function.create; a token sees only its own People
// document (role `person`, the one §7.3 asks the test to add); deleting
// the token logs out.

import assert from "node:assert/strict";
import fauna from "fauna";
import { step, clientFor, data, micros, fails, refused, checkToken, rootSecret } from "./lib.mjs";

const { fql, Document, DocumentReference, NamedDocument, NullDocument, Page, QueryRuntimeError, ConstraintFailureError } = fauna;

const admin = clientFor(rootSecret);
const s = {};
const janineId = "370723013175279650";

step("step 1: Collection.create({ name: \"People\" }) and three people", async () => {
  const coll = await data(admin, fql`Collection.create({ name: "People" })`);
  assert.ok(coll instanceof NamedDocument);
  assert.deepEqual([coll.name, coll.coll.name], ["People", "Collection"]);
  assert.equal(await data(admin, fql`
    People.create({ id: "370723013175279640", name: "Karl Jablonski", status: "active" })
    People.create({
      id: "370723013175279650",
      name: "Janine Labrune",
      email: "jlabrune@gmail.com",
      address: {
        street: "67, rue des Cinquante Otages",
        city: "Nantes",
        country: "France",
        zip: "44000"
      },
      status: "active"
    })
    People.create({ id: "370723013175279660", name: "Yoshi Latimer", status: "inactive" })
    People.all().count()`), 3);
});

step("step 2: the first People document with an email", async () => {
  const p = await data(admin, fql`People.where(.email != null).first()`);
  assert.ok(p instanceof Document);
  const { id, name, email, address, status } = p;
  assert.deepEqual({ id, coll: p.coll.name, name, email, address, status }, {
    id: janineId,
    coll: "People",
    name: "Janine Labrune",
    email: "jlabrune@gmail.com",
    address: { street: "67, rue des Cinquante Otages", city: "Nantes", country: "France", zip: "44000" },
    status: "active",
  });
  s.janine = p;
});

step("step 3: a Credential for Janine; a second one fails the unique constraint", async () => {
  const c = await data(admin, fql`Credential.create({ document: People.byId("370723013175279650"), password: "sekret" })`);
  assert.ok(c instanceof Document);
  assert.equal(c.coll.name, "Credential");
  assert.ok(c.document instanceof DocumentReference);
  assert.deepEqual([c.document.coll.name, c.document.id], ["People", janineId]);
  // The password is never displayed (§3.5): id, coll, ts, document only.
  assert.equal(c.password, undefined);
  assert.equal(c.hashed_password, undefined);
  const again = await data(admin, fql`Credential.byDocument(People.byId("370723013175279650"))!`);
  assert.equal(again.id, c.id);
  assert.deepEqual(await data(admin, fql`Object.keys(Credential.byId(${c.id})!)`), ["id", "coll", "ts", "document"]);
  s.janineCred = c;

  await fails(admin.query(fql`Credential.create({ document: People.byId("370723013175279650"), password: "again" })`),
    ConstraintFailureError, {
      code: "constraint_failure",
      message: "Failed unique constraint.",
      constraintFailures: [{ paths: [["document"]], message: "Failed unique constraint" }],
      summary: `error: Failed unique constraint.
constraint failures:
  document: Failed unique constraint
at *query*:1:18
  |
1 | Credential.create({ document: People.byId("370723013175279650"), password: "again" })
  |                  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  |`,
    });
});

step("step 4: Credential login: a token with a secret and no ttl; a ttl added later", async () => {
  const tok = await data(admin, fql`Credential.byId(${s.janineCred.id})!.login("sekret")`);
  checkToken(tok, { identity: s.janine, ttlSeconds: null, withSecret: true });
  s.janineToken = tok;
  const res = await admin.query(fql`Token.byId(${tok.id})!.update({ ttl: Time.now().add(1, "day") })`);
  checkToken(res.data, { identity: s.janine, ttlSeconds: 86400, txnTs: res.txn_ts, withSecret: false });
  assert.equal(res.data.id, tok.id);
  assert.ok(micros(res.data.ttl) > micros(tok.ts));
});

step("step 5: a unique constraint on People.email", async () => {
  const coll = await data(admin, fql`People.definition.update({ constraints: [{ unique: ["email"] }] })`);
  assert.ok(coll instanceof NamedDocument);
  assert.deepEqual([coll.name, coll.coll.name], ["People", "Collection"]);
  assert.deepEqual(coll.constraints, [{ unique: ["email"], status: "active" }]);
});

step("step 6: Function.create of Signup (role server)", async () => {
  const fn = await data(admin, fql`Function.create({
  name: "Signup",
  role: "server",
  body: <<-END
    (username, email, password) => {
      let user = People.create({ name: username, email: email })
      Credentials.create({ document: user, password: password })
    }
  END
})`);
  assert.ok(fn instanceof NamedDocument);
  assert.deepEqual([fn.name, fn.coll.name, fn.role], ["Signup", "Function", "server"]);
  assert.equal(typeof fn.body, "string");
});

step("step 7: Signup returns a Credential; a second call fails the unique constraint", async () => {
  const c = await data(admin, fql`Signup("Alice Jones", "ajones@gmail.com", "pw1")`);
  assert.ok(c instanceof Document);
  assert.equal(c.coll.name, "Credential");
  assert.ok(c.document instanceof DocumentReference);
  assert.equal(c.document.coll.name, "People");
  const alice = await data(admin, fql`${c.document}!`);
  assert.deepEqual([alice.name, alice.email], ["Alice Jones", "ajones@gmail.com"]);
  s.alice = alice;

  await fails(admin.query(fql`Signup("Alice Jones", "ajones@gmail.com", "pw1")`), ConstraintFailureError,
    { code: "constraint_failure", message: "Failed unique constraint." });
  assert.deepEqual(await data(admin, fql`[People.where(.email == "ajones@gmail.com").count(), Credential.all().count()]`),
    [1, 2]);
});

step("step 8: an index on People.email, built at once", async () => {
  const coll = await data(admin, fql`People.definition.update({ indexes: { byEmail: { terms: [{ field: "email" }] } } })`);
  assert.equal(coll.name, "People");
  assert.deepEqual(await data(admin, fql`People.definition.indexes.byEmail { queryable, status }`),
    { queryable: true, status: "complete" });
  assert.equal(await data(admin, fql`People.byEmail("ajones@gmail.com").first() == ${s.alice}`), true);
});

step("step 9: Function.create of Login; the role person", async () => {
  const fn = await data(admin, fql`Function.create({
  name: "Login",
  role: "server",
  body: <<-END
    (email, password) => {
      let user = People.byEmail(email).first()
      Credentials.byDocument(user)!.login(password)
    }
  END
})`);
  assert.deepEqual([fn.name, fn.coll.name, fn.role], ["Login", "Function", "server"]);
  const role = await data(admin, fql`Role.create({
  name: "person",
  membership: { resource: "People" },
  privileges: { resource: "People", actions: { read: "(doc) => doc == Query.identity()" } }
})`);
  assert.ok(role instanceof NamedDocument);
  assert.equal(role.name, "person");
});

step("step 10: Login returns a token with a secret; wrong password, unknown email", async () => {
  const tok = await data(admin, fql`Login("ajones@gmail.com", "pw1")`);
  checkToken(tok, { identity: s.alice, ttlSeconds: null, withSecret: true });
  s.tokenId = tok.id;
  s.T = clientFor(tok.secret);
  await fails(admin.query(fql`Login("ajones@gmail.com", "wrong")`), QueryRuntimeError,
    { code: "invalid_secret", message: "Provided secret did not match." });
  await fails(admin.query(fql`Login("nobody@gmail.com", "pw1")`), QueryRuntimeError,
    { code: "invalid_argument", message: "expected value for `document` of type Doc, received Null" });
});

step("step 11: [T] the session's token; only Alice's People document is visible", async () => {
  const tok = await data(s.T, fql`Query.token()`);
  checkToken(tok, { identity: s.alice, withSecret: false });
  assert.equal(tok.id, s.tokenId);
  const page = await data(s.T, fql`People.all()`);
  assert.ok(page instanceof Page);
  assert.deepEqual(page.data.map((d) => [d.id, d.coll.name, d.name, d.email]),
    [[s.alice.id, "People", "Alice Jones", "ajones@gmail.com"]]);
  const me = await data(s.T, fql`Query.identity()`);
  assert.ok(me instanceof Document);
  assert.equal(me.id, s.alice.id);
  const janine = await data(s.T, fql`People.byId("370723013175279650")`);
  assert.ok(janine instanceof NullDocument);
  assert.equal(janine.cause, "permission denied");
  assert.deepEqual(await data(s.T,
    fql`[People.byEmail("ajones@gmail.com").count(), People.byEmail("jlabrune@gmail.com").count()]`), [1, 0]);
  assert.deepEqual(await data(s.T, fql`[Credential.byDocument(${s.alice}).exists(), ${s.janineCred}.exists()]`),
    [true, false]);
});

step("step 12: [T] deleting the token logs out; its secret is refused", async () => {
  const d = await data(s.T, fql`Query.token()!.delete()`);
  assert.ok(d instanceof NullDocument, `got ${JSON.stringify(d)}`);
  assert.equal(d.cause, "deleted");
  assert.deepEqual([d.ref.coll.name, d.ref.id], ["Token", s.tokenId]);
  await refused(s.T);
  // Janine's token (step 4) is still there.
  assert.equal(await data(admin, fql`${s.janineToken}.exists()`), true);
});
