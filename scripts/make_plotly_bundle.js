#!/usr/bin/env node
/* Build the course's plotly.js bundle: plotly.js's core (scatter traces and every layout
 * component: annotations, shapes, buttons, sliders, legends, hover) plus the other trace
 * types the course draws, and nothing else (no pie, no world calendars).
 *
 *   npm ci --prefix scripts && node scripts/make_plotly_bundle.js [trace ...]
 *
 * Uses the pinned npm packages in scripts/package.json (plotly.js, esbuild); the plotly.js
 * version must be the one the plotly Python package in requirements.txt is built against
 * (tests/test_sphinxext.py checks). Writes src/thaw/static/plotly-thaw.min.js. Its first
 * line names the version and the trace types; the book reads that line to refuse a figure
 * whose traces the bundle cannot draw (thaw.book.sphinxext.charts). */
"use strict";

const fs = require("fs");
const path = require("path");
const esbuild = require("esbuild");

const DEFAULT_TRACES = ["bar"];  // scatter is always in plotly.js's core
const OUTPUT = path.join(__dirname, "..", "src", "thaw", "static", "plotly-thaw.min.js");
const PLOTLY = path.dirname(require.resolve("plotly.js/package.json"));

const traces = process.argv.slice(2).length ? process.argv.slice(2) : DEFAULT_TRACES;
for (const trace of traces) {
  if (!fs.existsSync(path.join(PLOTLY, "lib", trace + ".js"))) {
    console.error(`plotly.js has no trace type "${trace}" (see ${path.join(PLOTLY, "lib")})`);
    process.exit(2);
  }
}
const version = require("plotly.js/package.json").version;
const entry = [
  "var Plotly = require('plotly.js/lib/core');",
  `Plotly.register([${traces.map((t) => `require('plotly.js/lib/${t}')`).join(", ")}]);`,
  "module.exports = Plotly;",
].join("\n");
const banner = `/*! plotly.js v${version} (thaw bundle) traces: ${["scatter", ...traces].sort().join(", ")}` +
  " | Copyright 2012-2026, Plotly, Inc. | MIT License: plotly-LICENSE.txt */";

esbuild.build({
  stdin: { contents: entry, resolveDir: __dirname },
  outfile: OUTPUT,
  bundle: true,
  minify: true,
  format: "iife",
  globalName: "Plotly",
  target: "es2016",
  legalComments: "eof",  // keep the licence notices of bundled packages, as plotly.js does,
  banner: { js: banner },
  // As plotly.js's own build (its esbuild-config.js) does.
  define: { global: "window", "define.amd": "false", "process.env.NODE_DEBUG": "false" },
  // plotly.js requires maplibre's stylesheet for map traces, which this bundle has none of.
  loader: { ".css": "empty" },
  logLevel: "warning",
}).then(() => {
  const size = fs.statSync(OUTPUT).size;
  console.log(`${path.relative(process.cwd(), OUTPUT)}: plotly.js ${version}, ${size.toLocaleString("en")} bytes`);
}).catch(() => process.exit(1));
