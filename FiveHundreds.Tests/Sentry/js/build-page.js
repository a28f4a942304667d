// Bundles the page's code with @sentry/browser into one file (the path given), as an app's build would.
require("esbuild").buildSync({
  entryPoints: ["page.js"],
  bundle: true,
  format: "iife",
  target: "es2020",
  outfile: process.argv[2],
});
