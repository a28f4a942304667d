// A Node.js script with nothing but @sentry/node, configured as its README says: a user, a tag, a context and a
// breadcrumb, then two messages that differ only by their order number, and a caught exception.
const Sentry = require("@sentry/node");

Sentry.init({
  dsn: process.env.SENTRY_DSN,
  release: "orders@3.1.0",
  environment: "production",
  serverName: "orders-1",
});

Sentry.setUser({ id: "u-42", username: "buyer", email: "buyer@shop.example" });
Sentry.setTag("checkout_step", "payment");
Sentry.setContext("order", { channel: "web", currency: "EUR" });
Sentry.addBreadcrumb({ category: "cart", message: "Added 2 items", level: "info", data: { items: 2 } });

Sentry.captureMessage("Order 1234 failed: card declined", "error");
Sentry.captureMessage("Order 5678 failed: card declined", "error");

Sentry.flush(15000).then((flushed) => {
  console.log(flushed ? "flushed" : "not flushed");
  process.exit(flushed ? 0 : 1);
});
