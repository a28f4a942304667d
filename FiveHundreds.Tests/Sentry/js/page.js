// The page's own code: @sentry/browser with its default integrations, bundled by esbuild into one file. The DSN
// comes from the page's query string, so the same bundle serves every test project.
import * as Sentry from "@sentry/browser";

Sentry.init({
  dsn: new URLSearchParams(location.search).get("dsn"),
  release: "shop-web@2.0.0",
  environment: "staging",
});

document.getElementById("add").addEventListener("click", () => {
  document.getElementById("count").textContent = String(Number(document.getElementById("count").textContent) + 1);
});

// An unhandled error in a click handler.
document.getElementById("pay").addEventListener("click", () => {
  const cart = JSON.parse(document.getElementById("cart").textContent);
  return cart.total.amount;
});

// An unhandled promise rejection.
document.getElementById("refund").addEventListener("click", () => {
  Promise.reject(new Error("Refund service unavailable"));
});

// Lets the test wait until every send has been answered before it leaves the page, which would abort them.
window.sentryFlush = () => Sentry.flush(10000);
window.sentryReady = true;
