// Builds the studio's front end into ../wwwroot: one bundle per page (esbuild), the CSS (ours plus
// uPlot's), and the HTML pages. Run by `npm run build`, which the Studio project's MSBuild target runs.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "wwwroot");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

await build({
  entryPoints: { app: join(here, "src", "main.js"), metacluster: join(here, "src", "metacluster.js"), evolution: join(here, "src", "evolution.js") },
  bundle: true,
  format: "esm",
  target: "es2022",
  minify: true,
  sourcemap: false,
  outdir: out,
  loader: { ".css": "css" },
  logLevel: "warning",
});
await build({
  entryPoints: [join(here, "styles.css")],
  bundle: true,
  minify: true,
  outfile: join(out, "app.css"),
  logLevel: "warning",
});
for (const page of ["index.html", "metacluster.html", "evolution.html"]) copyFileSync(join(here, page), join(out, page));
