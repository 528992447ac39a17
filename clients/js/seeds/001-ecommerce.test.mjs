// Seed 001 (the v10 e-commerce tutorial "Build an end-user authentication
// system") as a driver session: spec/fsl-auth.md §7.2, step by step, with
// the results testdata/tutorials/001-ecommerce.txtar asserts. The
// application's key (role `unauthenticated`) may only sign up and log in;
// a customer's token reads products and its own Customer; UserLogout
// deletes the current token, whose secret is refused from then on.

import assert from "node:assert/strict";
import fauna from "fauna";
import { step, clientFor, data, pushSchema, fails, refused, checkToken, rootSecret } from "./lib.mjs";

const { fql, Document, DocumentReference, NullDocument, Page, Module, TimeStub, QueryRuntimeError } = fauna;

const schema = {
  "collections.fsl": `collection Customer {
  name: String?
  email: String
  address: { street: String, city: String, state: String, postalCode: String, country: String }?
  index byEmail { terms [.email] }
  unique [.email]
}
collection Store { name: String }
collection Product {
  name: String
  description: String
  price: Number
  quantity: Int
  store: Ref<Store>
  backorderLimit: Int
  backordered: Boolean
}
`,
  "functions.fsl": `@role(server)
function UserSignup(email, password) {
  let customer = Customer.create({ email: email })
  let credential = Credential.create({ document: customer, password: password })
  Object.assign({}, credential)
}
@role(server)
function UserLogin(email, password) {
  let customer = Customer.byEmail(email)?.first()
  Credential.byDocument(customer)?.login(password, Time.now().add(60, "minutes"))
}
function UserLogout() {
  let token = Query.token()
  token?.delete()
}
`,
  "roles.fsl": `role customer {
  membership Customer
  privileges Customer { read { predicate ((doc) => doc == Query.identity()) } }
  privileges Store { read }
  privileges Product { read }
  privileges UserLogout { call }
}
role unauthenticated {
  privileges UserSignup { call }
  privileges UserLogin { call }
}
`,
};

const admin = clientFor(rootSecret);
const s = {};
const denied = { code: "permission_denied", message: "Insufficient privileges to perform the action." };

step("step 1: push the schema; the demo's store and product, another customer", async () => {
  await pushSchema(schema);
  assert.deepEqual(await data(admin, fql`
    let s = Store.create({ id: "401682422127657033", name: "DogExpress" })
    Product.create({
      id: "401682422130802761",
      name: "cups",
      description: "Translucent 9 Oz, 100 ct",
      price: 6.98,
      quantity: 90,
      store: s,
      backorderLimit: 5,
      backordered: false
    })
    Customer.create({ id: "1", name: "Valued Customer", email: "other@example.com" })
    [Store.all().count(), Product.all().count(), Customer.all().count()]`), [1, 1, 1]);
});

step("step 2: [admin] Key.create({ role: \"unauthenticated\" }) returns the key with its secret", async () => {
  const key = await data(admin, fql`Key.create({ role: "unauthenticated" })`);
  assert.ok(key instanceof Document);
  assert.equal(key.coll.name, "Key");
  assert.equal(key.role, "unauthenticated");
  assert.match(key.secret, /^fn/);
  s.K = clientFor(key.secret);
});

step("step 3: [K] Product.all() is an empty set (so is Customer.all())", async () => {
  for (const q of [fql`Product.all()`, fql`Customer.all()`]) {
    const page = await data(s.K, q);
    assert.ok(page instanceof Page);
    assert.deepEqual(page.data, []);
  }
});

step("step 4: [K] UserSignup returns the credential; its Customer shows as permission denied", async () => {
  const c = await data(s.K, fql`UserSignup("fake@example.com", "sekret")`);
  // Object.assign({}, credential): a struct, not a document.
  assert.ok(!(c instanceof Document));
  assert.deepEqual(Object.keys(c), ["id", "coll", "ts", "document"]);
  assert.ok(c.coll instanceof Module);
  assert.equal(c.coll.name, "Credential");
  assert.ok(c.ts instanceof TimeStub);
  // `document: Customer("…") /* permission denied */`: expanded with the key's rights.
  assert.ok(c.document instanceof NullDocument);
  assert.equal(c.document.cause, "permission denied");
  assert.equal(c.document.ref.coll.name, "Customer");

  const fake = await data(admin, fql`Customer.byEmail("fake@example.com").first()!`);
  assert.ok(fake instanceof Document);
  assert.equal(fake.id, c.document.ref.id);
  s.fake = fake;
  assert.deepEqual(await data(admin, fql`[${fake}.email, Credential.byDocument(${fake}).exists(), Customer.all().count()]`),
    ["fake@example.com", true, 2]);

  // Unreadable looks missing; reading a field of it is an error.
  assert.deepEqual(await data(s.K, fql`let c = UserSignup("fake2@example.com", "sekret")
    [c.document == null, c.document.exists(), c.document?.email]`), [true, false, null]);
  await fails(s.K.query(fql`UserSignup("fake3@example.com", "sekret").document.email`), QueryRuntimeError, denied);
});

step("step 5: [K] UserLogin returns a token with a secret, ttl now + 60 min; failures", async () => {
  const res = await s.K.query(fql`UserLogin("fake@example.com", "sekret")`);
  checkToken(res.data, { identity: s.fake, ttlSeconds: 3600, txnTs: res.txn_ts, withSecret: true });
  s.tokenId = res.data.id;
  s.T = clientFor(res.data.secret);
  // A second session of the same customer (another device).
  s.T2 = clientFor((await data(s.K, fql`UserLogin("fake@example.com", "sekret")`)).secret);

  await fails(s.K.query(fql`UserLogin("fake@example.com", "wrong")`), QueryRuntimeError, {
    code: "invalid_secret",
    message: "Provided secret did not match.",
    summary: `error: Provided secret did not match.
at *query*:1:10
  |
1 | UserLogin("fake@example.com", "wrong")
  |          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  |`,
  });
  await fails(s.K.query(fql`UserLogin("nobody@example.com", "sekret")`), QueryRuntimeError,
    { code: "invalid_argument", message: "expected value for `document` of type Doc, received Null" });
  await fails(s.K.query(fql`UserLogout()`), QueryRuntimeError, {
    ...denied,
    summary: `error: Insufficient privileges to perform the action.
at *query*:1:11
  |
1 | UserLogout()
  |           ^^
  |`,
  });
});

step("step 6: [T] Product.all() runs; Customer.all() is the caller's own customer", async () => {
  const page = await data(s.T, fql`Product.all()`);
  assert.ok(page instanceof Page);
  assert.equal(page.data.length, 1);
  const p = page.data[0];
  assert.ok(p instanceof Document);
  assert.ok(p.ts instanceof TimeStub);
  assert.ok(p.store instanceof DocumentReference && !(p.store instanceof Document));
  assert.deepEqual({ id: p.id, coll: p.coll.name, store: [p.store.coll.name, p.store.id] }, {
    id: "401682422130802761", coll: "Product", store: ["Store", "401682422127657033"],
  });
  assert.deepEqual(
    { name: p.name, description: p.description, price: p.price, quantity: p.quantity,
      backorderLimit: p.backorderLimit, backordered: p.backordered },
    { name: "cups", description: "Translucent 9 Oz, 100 ct", price: 6.98, quantity: 90,
      backorderLimit: 5, backordered: false });
  // The store is readable by the customer role.
  const store = await data(s.T, fql`${p.store}!`);
  assert.deepEqual([store.id, store.name], ["401682422127657033", "DogExpress"]);

  const customers = await data(s.T, fql`Customer.all()`);
  assert.deepEqual(customers.data.map((c) => c.email), ["fake@example.com"]);
  assert.equal(customers.data[0].id, s.fake.id);
  assert.deepEqual(await data(s.T,
    fql`[Customer.byEmail("fake@example.com").count(), Customer.byEmail("other@example.com").count()]`), [1, 0]);
  const other = await data(s.T, fql`Customer.byId("1")`);
  assert.ok(other instanceof NullDocument);
  assert.equal(other.cause, "permission denied");
  const me = await data(s.T, fql`Query.identity()`);
  assert.ok(me instanceof Document);
  assert.deepEqual([me.id, me.email], [s.fake.id, "fake@example.com"]);
  await fails(s.T.query(fql`Product.byId("401682422130802761")!.update({ quantity: 0 })`), QueryRuntimeError, denied);
});

step("step 7: [T] UserLogout() returns the deleted token", async () => {
  const r = await data(s.T, fql`UserLogout()`);
  assert.ok(r instanceof NullDocument, `got ${JSON.stringify(r)}`);
  assert.equal(r.cause, "deleted");
  assert.deepEqual([r.ref.coll.name, r.ref.id], ["Token", s.tokenId]);
});

step("step 8: [T] the deleted token's secret is refused; the other session is not", async () => {
  await refused(s.T);
  assert.equal(await data(admin, fql`Token.byDocument(${s.fake}).count()`), 1);
  assert.equal((await data(s.T2, fql`Query.identity()`)).email, "fake@example.com");
});
